// The client certificate embedded in a kubeconfig file (admin.conf, super-admin.conf,
// controller-manager.conf, scheduler.conf): reading it for check-expiration and replacing
// it (with its key and the current CA) for renew.
import { readTextFile } from "../host/files.js";
import { MODE_KUBECONFIG } from "../constants.js";
import { writeFileAtomic } from "../host/files.js";
import { toKubernetesYaml } from "../config/yaml.js";
import { encodeCertificatePem } from "./certificate.js";
import { encodePrivateKeyPem, type PrivateKey } from "./keys.js";
import { parseCertificatesPem, type ParsedCertificate } from "./parse.js";
import { goOpenError } from "./store.js";

type YamlModule = typeof import("yaml");
let yamlModule: Promise<YamlModule> | null = null;
// the ES-module build (dist/main.js) gets the CommonJS package as a namespace with `default`
const loadYaml = (): Promise<YamlModule> =>
  (yamlModule ??= import("yaml").then((m) => ((m as { default?: YamlModule }).default ?? m) as YamlModule));

interface Located {
  doc: import("yaml").Document;
  clusterIndex: number;
  userIndex: number;
  clientCertData: string;
}

function findNamed(list: unknown, name: string): number {
  if (!Array.isArray(list)) return -1;
  return list.findIndex((e) => e && typeof e === "object" && (e as { name?: unknown }).name === name);
}

async function locate(file: string): Promise<Located> {
  const YAML = await loadYaml();
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (err) {
    throw new Error(`failed to load kubeConfig file ${file}: ${goOpenError(err, file)}`);
  }
  let doc: import("yaml").Document;
  let data: Record<string, unknown>;
  try {
    doc = YAML.parseDocument(text, { version: "1.1" });
    if (doc.errors.length > 0) throw doc.errors[0];
    data = (doc.toJS() ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`failed to load kubeConfig file ${file}: ${(err as Error).message}`);
  }
  const currentContext = String(data["current-context"] ?? "");
  const contexts = data.contexts as Array<{ name: string; context?: { cluster?: string; user?: string } }> | undefined;
  const ctxIndex = findNamed(contexts, currentContext);
  if (ctxIndex < 0) throw new Error(`invalid kubeConfig file ${file}: missing context ${currentContext}`);
  const ctx = contexts![ctxIndex]!.context ?? {};
  const clusters = data.clusters as Array<{ name: string; cluster?: Record<string, unknown> }> | undefined;
  const clusterIndex = findNamed(clusters, String(ctx.cluster ?? ""));
  if (clusterIndex < 0) throw new Error(`invalid kubeConfig file ${file}: missing cluster ${ctx.cluster ?? ""}`);
  if (!clusters![clusterIndex]!.cluster?.["certificate-authority-data"]) {
    throw new Error(`kubeConfig file ${file} does not have an embedded server certificate`);
  }
  const users = data.users as Array<{ name: string; user?: Record<string, unknown> }> | undefined;
  const userIndex = findNamed(users, String(ctx.user ?? ""));
  if (userIndex < 0) throw new Error(`invalid kubeConfig file ${file}: missing authInfo ${ctx.user ?? ""}`);
  const clientCertData = users![userIndex]!.user?.["client-certificate-data"];
  if (!clientCertData) throw new Error(`kubeConfig file ${file} does not have an embedded client certificate`);
  return { doc, clusterIndex, userIndex, clientCertData: String(clientCertData) };
}

/** The first client certificate embedded for the current context's user. */
export async function readKubeconfigClientCert(file: string): Promise<ParsedCertificate> {
  const loc = await locate(file);
  try {
    return parseCertificatesPem(Buffer.from(loc.clientCertData, "base64").toString("utf8"))[0]!;
  } catch (err) {
    throw new Error(`kubeConfig file ${file} does not contain a valid client certificate: ${(err as Error).message}`);
  }
}

/**
 * Replaces the current user's client-certificate-data and client-key-data and the current
 * cluster's certificate-authority-data (the CA on disk now); every other entry is kept. Mode 0600.
 * The file is re-serialised as clientcmd writes it: named lists sorted by name, then the
 * serialiser of src/kubeconfig's kubeconfigYaml (so a kubeadm-written file comes out byte-equal
 * to what kubeconfigYaml builds for the new credentials).
 */
export async function writeKubeconfigClientCert(file: string, certDer: Uint8Array, key: PrivateKey, caPem: string): Promise<void> {
  const loc = await locate(file);
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const data = loc.doc.toJS() as Record<string, Array<{ name: string } & Record<string, Record<string, unknown>>>>;
  data.users![loc.userIndex]!.user!["client-certificate-data"] = b64(encodeCertificatePem(certDer));
  data.users![loc.userIndex]!.user!["client-key-data"] = b64(encodePrivateKeyPem(key));
  data.clusters![loc.clusterIndex]!.cluster!["certificate-authority-data"] = b64(caPem);
  for (const list of ["clusters", "contexts", "users"]) {
    if (Array.isArray(data[list])) data[list] = [...data[list]!].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  await writeFileAtomic(file, toKubernetesYaml(data), MODE_KUBECONFIG);
}
