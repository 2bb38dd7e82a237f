import { criteriaSetLabel } from "../../../domain/product-categories.js";
import type { StatusPurpose } from "../schema.js";

/*
 * The JSON of the credentials, built from stored facts only, so signing the same certificate twice gives the
 * same payload. W3C VC Data Model 2.0 with the UN/CEFACT UNTP Digital Conformity Credential vocabulary (0.6.0)
 * where it fits: the certificate is a ConformityAttestation of the OCOP scheme (QĐ 26/2026/QĐ-TTg) by the
 * recognising authority, its assessment the criteria set with the council's official score and the stars.
 * Terms UNTP does not name (the decision, the stars) fall under VC 2.0's issuer-dependent @vocab.
 */

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const UNTP_DCC_CONTEXT = "https://test.uncefact.org/vocabulary/untp/dcc/0.6.0/";
export const OCOP_SCHEME = {
  // A name for the decision, not a link: the registry does not claim an address for the official text.
  id: "urn:vn:qd-ttg:26-2026",
  name: "Quyết định số 26/2026/QĐ-TTg của Thủ tướng Chính phủ: Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP (Chương trình Mỗi xã một sản phẩm)",
};

/** The Vietnam calendar day's first and last instants, as VC 2.0 dateTimeStamps. */
const startOf = (day: string) => `${day}T00:00:00+07:00`;
const endOf = (day: string) => `${day}T23:59:59+07:00`;

export type CredentialFacts = {
  id: number;
  productName: string;
  productCode: string;
  productId: number;
  producerName: string;
  producerId: number;
  place: { commune: string; district: string | null; province: string };
  stars: number;
  score: number;
  criteriaSetId: number;
  rubricVersion: string;
  basisLevel: "province" | "central";
  decision: { number: string; decidedOn: string; authorityLevel: "province" | "central"; authorityName: string; signer: string };
  validFrom: string;
  /** The last day of the certificate's term (36 months, or the older decision's own end). */
  expiresOn: string;
};

export type StatusRef = { unitId: number; index: number };

export const statusListUrl = (baseUrl: string, unitId: number, purpose: StatusPurpose) => `${baseUrl}/status/${unitId}/${purpose}`;

export function certificateCredential(f: CredentialFacts, status: StatusRef, issuer: { did: string; baseUrl: string }) {
  const base = issuer.baseUrl;
  const url = `${base}/c/${f.id}`;
  return {
    "@context": [VC_CONTEXT, UNTP_DCC_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "DigitalConformityCredential"],
    name: `Giấy chứng nhận sản phẩm OCOP ${f.stars} sao số ${f.id}`,
    issuer: { type: ["CredentialIssuer"], id: issuer.did, name: f.decision.authorityName },
    validFrom: startOf(f.validFrom),
    validUntil: endOf(f.expiresOn),
    credentialSubject: {
      type: ["ConformityAttestation"],
      id: `${url}#attestation`,
      name: `OCOP ${f.stars} sao — ${f.productName}`,
      assessorLevel: "GovtApproval",
      assessmentLevel: "GovtApproval",
      attestationType: "certification",
      referenceScheme: { id: OCOP_SCHEME.id, name: OCOP_SCHEME.name },
      issuedToParty: { id: `${url}#producer-${f.producerId}`, name: f.producerName },
      conformityCertificate: { linkURL: `${url}/certificate.pdf`, linkName: `Giấy chứng nhận OCOP số ${f.id} (PDF)`, linkType: "application/pdf" },
      assessment: [
        {
          type: ["ConformityAssessment"],
          assessmentDate: f.decision.decidedOn,
          referenceRegulation: { id: OCOP_SCHEME.id, name: "QĐ 26/2026/QĐ-TTg", jurisdictionCountry: "VN" },
          assessmentCriteria: [{ id: `urn:vn:ocop:criteria-set:${f.criteriaSetId}:${f.rubricVersion}`, name: criteriaSetLabel(f.criteriaSetId, "vi"), criteriaSet: f.criteriaSetId, rubricVersion: f.rubricVersion }],
          assessedProduct: [{ product: { id: `${base}/p/${f.productId}`, name: f.productName, registeredId: f.productCode } }],
          declaredValue: [
            { metricName: "Điểm đánh giá chính thức của Hội đồng (thang 100)", metricValue: { value: f.score, unit: "P1" } },
            { metricName: "Hạng sao OCOP", metricValue: { value: f.stars, unit: "C62" } },
          ],
          conformance: true,
          councilLevel: f.basisLevel,
        },
      ],
      stars: f.stars,
      place: f.place,
      decision: f.decision,
    },
    credentialStatus: (["revocation", "suspension"] as const).map((purpose) => ({
      id: `${statusListUrl(base, status.unitId, purpose)}#${status.index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: purpose,
      statusListIndex: String(status.index),
      statusListCredential: statusListUrl(base, status.unitId, purpose),
    })),
  };
}

/** Bitstring Status List v1.0 §2.2: the list credential; `validFrom` is when its bits last changed. */
export function statusListCredential(o: { baseUrl: string; did: string; authorityName: string; unitId: number; purpose: StatusPurpose; encodedList: string; at: Date }) {
  const url = statusListUrl(o.baseUrl, o.unitId, o.purpose);
  return {
    "@context": [VC_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: { id: o.did, name: o.authorityName },
    validFrom: o.at.toISOString(),
    credentialSubject: { id: `${url}#list`, type: "BitstringStatusList", statusPurpose: o.purpose, encodedList: o.encodedList },
  };
}
