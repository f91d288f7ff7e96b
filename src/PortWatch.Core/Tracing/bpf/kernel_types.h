/* The few kernel types listen.bpf.c reads, declared with only the fields it uses. CO-RE: every struct carries
 * preserve_access_index, so clang records each field access by name and libbpf relocates it at load time against
 * the running kernel's BTF (/sys/kernel/btf/vmlinux). The layouts here need not match any kernel; the names must.
 * A full vmlinux.h (bpftool btf dump) would be 2.8 MB generated from whichever kernel builds: this header keeps
 * the build independent of the build machine's kernel (docs/architecture.md, "The tracer"). */
#ifndef PORTWATCH_KERNEL_TYPES_H
#define PORTWATCH_KERNEL_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef signed short __s16;
typedef signed int __s32;
typedef signed long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

/* Map types and flags of the UAPI (include/uapi/linux/bpf.h): fixed numbers. */
enum bpf_map_type {
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_RINGBUF = 27,
};

#define BPF_ANY 0

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct in6_addr {
	__u8 s6_addr[16];
};

struct ns_common {
	unsigned int inum;
};

struct net {
	struct ns_common ns;
};

typedef struct {
	struct net *net;
} possible_net_t;

struct sock_common {
	__be32 skc_rcv_saddr;
	__u16 skc_num;
	unsigned short skc_family;
	possible_net_t skc_net;
	struct in6_addr skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
	u16 sk_protocol;
	u16 sk_type;
};

struct socket {
	short type;
	struct sock *sk;
};

struct nsproxy {
	struct net *net_ns;
};

struct task_struct {
	struct nsproxy *nsproxy;
};

#pragma clang attribute pop

/* The context of cgroup socket programs: a UAPI structure the verifier rewrites by offset, so it is declared
 * whole, as include/uapi/linux/bpf.h has it, and without CO-RE. */
struct bpf_sock {
	__u32 bound_dev_if;
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 mark;
	__u32 priority;
	__u32 src_ip4;
	__u32 src_ip6[4];
	__u32 src_port;
	__be16 dst_port;
	__u32 dst_ip4;
	__u32 dst_ip6[4];
	__u32 state;
	__s32 rx_queue_mapping;
};

#endif
