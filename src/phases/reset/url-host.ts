/** An IP or host name as the host part of a URL: IPv6 in brackets. */
export function formatURLHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
