// Comparing klog output of two processes: what must differ between two runs is masked, nothing else.
/**
 * Masks each klog header's date, time and pid — the instant and the process differ between any
 * two runs — keeping the severity letter and the file:line (upstream's call site, which ours
 * prints too): `E1206 10:08:23.142505   14433 remote_runtime.go:889] m` → `E remote_runtime.go:889] m`.
 */
export function maskKlog(text: string): string {
  return text.replace(/^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, "$1 ");
}
