module corefileref

go 1.26

require github.com/coredns/corefile-migration v1.0.34

require github.com/coredns/caddy v1.1.1 // indirect
