CREATE TABLE "stamp_sales" (
	"stamp_id" bigint PRIMARY KEY NOT NULL,
	"retail_point_id" integer NOT NULL,
	"sold_at" timestamp with time zone NOT NULL,
	"sold_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stamp_sales" ADD CONSTRAINT "stamp_sales_retail_point_id_retail_points_id_fk" FOREIGN KEY ("retail_point_id") REFERENCES "public"."retail_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stamp_sales" ADD CONSTRAINT "stamp_sales_sold_by_users_id_fk" FOREIGN KEY ("sold_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;