// etcd-snapshot-restore: `etcdutl snapshot restore` for tests (etcdutl's snapshot package).
package main

import (
	"fmt"
	"os"

	"go.etcd.io/etcd/etcdutl/v3/snapshot"
	"go.uber.org/zap"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: etcd-snapshot-restore <snapshot.db> <data-dir> <name> <peer-url>")
		os.Exit(2)
	}
	lg, _ := zap.NewProduction()
	err := snapshot.NewV3(lg).Restore(snapshot.RestoreConfig{
		SnapshotPath:        os.Args[1],
		Name:                os.Args[3],
		OutputDataDir:       os.Args[2],
		PeerURLs:            []string{os.Args[4]},
		InitialCluster:      os.Args[3] + "=" + os.Args[4],
		InitialClusterToken: "etcd-cluster",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
