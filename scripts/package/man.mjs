// Writes kubeadm(1) to stdout, generated from the help text of every command: the root command's
// help is the DESCRIPTION, and each command (walked through "Available Commands:" and
// "Additional help topics:", phases included) gets a subsection with its `--help` as printed.
// Usage: node scripts/package/man.mjs <kubeadm executable> <version> <date YYYY-MM-DD>
import { execFileSync } from "node:child_process";

const [kubeadm, version, date] = process.argv.slice(2);
if (!kubeadm || !version || !date) {
  process.stderr.write("usage: man.mjs <kubeadm> <version> <YYYY-MM-DD>\n");
  process.exit(2);
}

// help for a command path; NODE_EXTRA_CA_CERTS etc. do not matter: help prints no secrets
const help = (path) => execFileSync(kubeadm, [...path, "--help"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });

/** Subcommand names listed in a help text ("help" left out: it is cobra's, with no page of its own). */
function children(text) {
  const out = [];
  let section = "";
  for (const line of text.split("\n")) {
    if (/^\S/.test(line)) section = line;
    else if (section === "Available Commands:") {
      const m = /^ {2}(\S+)\s/.exec(line);
      if (m && m[1] !== "help") out.push([m[1]]);
    } else if (section === "Additional help topics:") {
      const m = /^ {2}kubeadm((?: \S+)+?)\s{2,}/.exec(line);
      if (m) out.push(m[1].trim().split(" ").slice(-1));
    }
  }
  return out;
}

/** Text as roff: every character as printed (hyphens as \-, backslashes escaped, no request at line start). */
function roff(text) {
  return text
    .replace(/\s+$/, "")
    .split("\n")
    .map((l) => l.replace(/\\/g, "\\e").replace(/-/g, "\\-").replace(/^([.'])/, "\\&$1"))
    .join("\n");
}

const root = help([]);
const sections = [];
const walk = (path) => {
  for (const [name] of children(help(path))) {
    const sub = [...path, name];
    sections.push([sub, help(sub)]);
    walk(sub);
  }
};
walk([]);

const out = [];
out.push(`.TH KUBEADM 1 "${date}" "kubeadm-ts ${version}" "User Commands"`);
out.push(".SH NAME", "kubeadm \\- easily bootstrap a secure Kubernetes cluster");
out.push(".SH SYNOPSIS", ".B kubeadm", ".RI [ command ] \" \" [ flags ]");
out.push(".SH DESCRIPTION", "kubeadm\\-ts is Kubernetes' kubeadm written in TypeScript: the same commands, flags, configuration API and files as upstream kubeadm. What follows is the help text of each command, as \\fBkubeadm\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR prints it.");
out.push(".PP", ".nf", roff(root), ".fi");
out.push(".SH COMMANDS");
for (const [path, text] of sections) out.push(`.SS "kubeadm ${path.join(" ")}"`, ".nf", roff(text), ".fi");
out.push(".SH FILES", ".TP", ".I /usr/lib/systemd/system/kubelet.service.d/10\\-kubeadm.conf", "the kubelet's systemd drop\\-in: the kubelet reads /var/lib/kubelet/kubeadm\\-flags.env, /etc/default/kubelet and the bootstrap kubeconfig that kubeadm writes.");
out.push(".SH SEE ALSO", "\\fBsystemctl\\fR(1)");
process.stdout.write(`${out.join("\n")}\n`);
