import { compareBytes, concat, oid, printableString, seq, set, utf8String } from "./der.js";

const OID_CN = "2.5.4.3";
const OID_O = "2.5.4.10";

// Go's encoding/asn1 writes a string as PrintableString when every character is allowed
// there (kubeadm's names never contain '*' or '&'), else as UTF8String.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function attribute(type: string, value: string): Uint8Array {
  return seq(oid(type), PRINTABLE.test(value) ? printableString(value) : utf8String(value));
}

/**
 * DER of a pkix Name with CommonName and Organization as Go builds it: one RDN holding every
 * O value (a SET, so DER-sorted), then one RDN with the CN. Empty parts are left out.
 */
export function encodeSubject(commonName: string, organization: readonly string[] = []): Uint8Array {
  const rdns: Uint8Array[] = [];
  if (organization.length > 0) {
    const attrs = organization.map((o) => attribute(OID_O, o)).sort(compareBytes);
    rdns.push(set(...attrs));
  }
  if (commonName !== "") rdns.push(set(attribute(OID_CN, commonName)));
  return seq(concat(rdns));
}
