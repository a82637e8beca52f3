/**
 * What upstream prints for KubeletConfiguration and KubeProxyConfiguration
 * documents before kubeadm applies its own defaults: every non-omitempty field
 * of the v1beta1 / v1alpha1 Go structs at its zero value (captured from
 * upstream kubeadm v1.36.3 "config print init-defaults --component-configs",
 * with the kubeadm-managed fields removed). User documents are laid over
 * these, then kubeadm's defaults (componentconfigs.ts) are applied.
 */
export const KUBELET_ZERO_FIELDS: Readonly<Record<string, unknown>> = {
  "apiVersion": "kubelet.config.k8s.io/v1beta1",
  "authentication": {
    "webhook": {
      "cacheTTL": "0s"
    },
    "x509": {}
  },
  "authorization": {
    "webhook": {
      "cacheAuthorizedTTL": "0s",
      "cacheUnauthorizedTTL": "0s"
    }
  },
  "containerRuntimeEndpoint": "",
  "cpuManagerReconcilePeriod": "0s",
  "crashLoopBackOff": {},
  "evictionPressureTransitionPeriod": "0s",
  "fileCheckFrequency": "0s",
  "httpCheckFrequency": "0s",
  "imageMaximumGCAge": "0s",
  "imageMinimumGCAge": "0s",
  "kind": "KubeletConfiguration",
  "logging": {
    "flushFrequency": 0,
    "options": {
      "json": {
        "infoBufferSize": "0"
      },
      "text": {
        "infoBufferSize": "0"
      }
    },
    "verbosity": 0
  },
  "memorySwap": {},
  "nodeStatusReportFrequency": "0s",
  "nodeStatusUpdateFrequency": "0s",
  "runtimeRequestTimeout": "0s",
  "shutdownGracePeriod": "0s",
  "shutdownGracePeriodCriticalPods": "0s",
  "streamingConnectionIdleTimeout": "0s",
  "syncFrequency": "0s",
  "volumeStatsAggPeriod": "0s"
};

export const KUBE_PROXY_ZERO_FIELDS: Readonly<Record<string, unknown>> = {
  "apiVersion": "kubeproxy.config.k8s.io/v1alpha1",
  "bindAddressHardFail": false,
  "clientConnection": {
    "acceptContentTypes": "",
    "burst": 0,
    "contentType": "",
    "qps": 0
  },
  "clusterCIDR": "",
  "configSyncPeriod": "0s",
  "conntrack": {
    "maxPerCore": null,
    "min": null,
    "tcpBeLiberal": false,
    "tcpCloseWaitTimeout": null,
    "tcpEstablishedTimeout": null,
    "udpStreamTimeout": "0s",
    "udpTimeout": "0s"
  },
  "detectLocal": {
    "bridgeInterface": "",
    "interfaceNamePrefix": ""
  },
  "detectLocalMode": "",
  "enableProfiling": false,
  "healthzBindAddress": "",
  "hostnameOverride": "",
  "iptables": {
    "localhostNodePorts": null,
    "masqueradeAll": false,
    "masqueradeBit": null,
    "minSyncPeriod": "0s",
    "syncPeriod": "0s"
  },
  "ipvs": {
    "excludeCIDRs": null,
    "minSyncPeriod": "0s",
    "scheduler": "",
    "strictARP": false,
    "syncPeriod": "0s",
    "tcpFinTimeout": "0s",
    "tcpTimeout": "0s",
    "udpTimeout": "0s"
  },
  "kind": "KubeProxyConfiguration",
  "logging": {
    "flushFrequency": 0,
    "options": {
      "json": {
        "infoBufferSize": "0"
      },
      "text": {
        "infoBufferSize": "0"
      }
    },
    "verbosity": 0
  },
  "metricsBindAddress": "",
  "mode": "",
  "nftables": {
    "masqueradeAll": false,
    "masqueradeBit": null,
    "minSyncPeriod": "0s",
    "syncPeriod": "0s"
  },
  "nodePortAddresses": null,
  "oomScoreAdj": null,
  "portRange": "",
  "showHiddenMetricsForVersion": "",
  "winkernel": {
    "enableDSR": false,
    "forwardHealthCheckVip": false,
    "networkName": "",
    "rootHnsEndpointName": "",
    "sourceVip": ""
  }
};
