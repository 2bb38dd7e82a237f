CREATE INDEX "audit_log_action_at_idx" ON "audit_log" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "stamp_sales_sold_idx" ON "stamp_sales" USING btree ("sold_at");