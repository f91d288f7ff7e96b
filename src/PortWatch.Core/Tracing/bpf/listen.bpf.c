// SPDX-License-Identifier: GPL-2.0
/* PortWatch's tracer: who opened each listening socket, at the moment it opened. Filtered in the kernel, one
 * record a socket into a ring buffer (struct portwatch_event, read by Tracing/TraceEvent.cs):
 *   - a TCP socket entering LISTEN (tp_btf/inet_sock_set_state, new state TCP_LISTEN);
 *   - a UDP socket bound to a port outside the ephemeral range (cgroup/post_bind4 and post_bind6, attached at the
 *     cgroup v2 root: the port the kernel gave, after the bind, in the binder's context; the kernel has no
 *     tracepoint on bind, and fentry needs BPF trampolines, which kernels may refuse: docs/architecture.md);
 *   - a raw IP socket created (cgroup/sock_create). Packet sockets pass no cgroup hook and no tracepoint: they
 *     are not traced (left to the scans).
 * The licence string is GPL: bpf_probe_read_kernel and the tracing program types require it. */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define AF_INET 2
#define AF_INET6 10
#define AF_PACKET 17
#define SOCK_RAW 3
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define TCP_LISTEN 10

/* What opened: the kind field. The numbers are Tracing/TraceKind.cs's. */
#define KIND_TCP_LISTEN 1
#define KIND_UDP_BIND 2
#define KIND_PACKET 3 /* reserved: not traced (see above) */
#define KIND_RAW 4

/* 64 bytes; its layout is Tracing/TraceEvent.cs's (the integration tests of tests/.../Tracing read it end to end). */
struct portwatch_event {
	u64 time_ns;      /* bpf_ktime_get_ns: CLOCK_MONOTONIC */
	u64 cgroup_id;    /* the task's cgroup v2 id */
	u32 tgid;
	u32 uid;
	u32 netns;        /* the socket's network namespace inode */
	u16 family;
	u16 port;         /* host order; raw: the IP protocol; packet: the ethertype (host order) */
	u8 addr[16];      /* IPv4 in the first 4 bytes, network order */
	u8 kind;
	u8 protocol;      /* IPPROTO_TCP, IPPROTO_UDP, or the socket() protocol of a raw socket */
	u8 pad[2];
	char comm[12];    /* the first 11 characters of comm; user space reads the whole name from /proc at once */
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* [0] = events the ring buffer had no room for. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
} lost SEC(".maps");

/* [0] = the ephemeral range, low << 16 | high, written by user space after load; 0 lets every UDP bind through. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u32);
} ephemeral SEC(".maps");

static __always_inline struct portwatch_event *reserve(void)
{
	struct portwatch_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		u32 zero = 0;
		u64 *count = bpf_map_lookup_elem(&lost, &zero);
		if (count)
			__sync_fetch_and_add(count, 1);
		return 0;
	}
	u64 pid_tgid = bpf_get_current_pid_tgid();
	e->time_ns = bpf_ktime_get_ns();
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->tgid = pid_tgid >> 32;
	e->uid = (u32)bpf_get_current_uid_gid();
	e->netns = 0;
	e->family = 0;
	e->port = 0;
	__builtin_memset(e->addr, 0, sizeof(e->addr));
	e->kind = 0;
	e->protocol = 0;
	e->pad[0] = 0;
	e->pad[1] = 0;
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	__builtin_memcpy(e->comm, comm, sizeof(e->comm));
	e->comm[sizeof(e->comm) - 1] = 0;
	return e;
}

static __always_inline void fill_socket(struct portwatch_event *e, const struct sock *sk, u16 family)
{
	e->family = family;
	e->port = BPF_CORE_READ(sk, __sk_common.skc_num);
	e->netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	if (family == AF_INET6)
		BPF_CORE_READ_INTO(&e->addr, sk, __sk_common.skc_v6_rcv_saddr);
	else
		BPF_CORE_READ_INTO(&e->addr, sk, __sk_common.skc_rcv_saddr);
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_set_state, const struct sock *sk, int oldstate, int newstate)
{
	if (newstate != TCP_LISTEN || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	struct portwatch_event *e = reserve();
	if (!e)
		return 0;
	e->kind = KIND_TCP_LISTEN;
	e->protocol = IPPROTO_TCP;
	fill_socket(e, sk, family);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* The network namespace of the calling task: cgroup socket programs see no kernel socket, and the task that binds
 * or creates a socket is in the socket's namespace. */
static __always_inline u32 current_netns(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	return BPF_CORE_READ(task, nsproxy, net_ns, ns.inum);
}

/* family is a constant of each caller: post_bind4 may not read src_ip6, nor post_bind6 src_ip4. */
static __always_inline int on_bind(struct bpf_sock *ctx, const u16 family)
{
	if (ctx->protocol != IPPROTO_UDP)
		return 1;
	u16 port = ctx->src_port;
	u32 zero = 0;
	u32 *range = bpf_map_lookup_elem(&ephemeral, &zero);
	if (port == 0 || (range && *range && port >= (*range >> 16) && port <= (*range & 0xffff)))
		return 1;
	struct portwatch_event *e = reserve();
	if (!e)
		return 1;
	e->kind = KIND_UDP_BIND;
	e->protocol = IPPROTO_UDP;
	e->family = family;
	e->port = port;
	e->netns = current_netns();
	if (family == AF_INET6) {
		u32 words[4] = { ctx->src_ip6[0], ctx->src_ip6[1], ctx->src_ip6[2], ctx->src_ip6[3] };
		__builtin_memcpy(e->addr, words, 16);
	} else {
		u32 word = ctx->src_ip4;
		__builtin_memcpy(e->addr, &word, 4);
	}
	bpf_ringbuf_submit(e, 0);
	return 1;
}

/* Every program below returns 1: a cgroup socket program that returns 0 refuses the bind or the socket. */
SEC("cgroup/post_bind4")
int on_bind4(struct bpf_sock *ctx)
{
	return on_bind(ctx, AF_INET);
}

SEC("cgroup/post_bind6")
int on_bind6(struct bpf_sock *ctx)
{
	return on_bind(ctx, AF_INET6);
}

SEC("cgroup/sock_create")
int on_create(struct bpf_sock *ctx)
{
	if (ctx->type != SOCK_RAW || (ctx->family != AF_INET && ctx->family != AF_INET6))
		return 1;
	struct portwatch_event *e = reserve();
	if (!e)
		return 1;
	e->kind = KIND_RAW;
	e->family = ctx->family;
	e->protocol = (u8)ctx->protocol;
	e->port = (u16)ctx->protocol;
	e->netns = current_netns();
	bpf_ringbuf_submit(e, 0);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
