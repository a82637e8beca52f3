export declare const labVersions: Record<string, string>;
export declare const KUBERNETES_VERSION: string;
export declare const PREVIOUS_KUBERNETES_VERSION: string;
export declare function fillVersions(text: string): string;
