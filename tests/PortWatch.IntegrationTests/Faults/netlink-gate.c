// netlink-gate: runs a program under a seccomp filter that lets the kernel refuse its sock_diag netlink
// sockets on demand, for tests/PortWatch.IntegrationTests/Faults/ScanFaultTests.cs. The test compiles it with gcc.
//
// usage: netlink-gate CONTROL_DIR PROGRAM [ARG...]
//
// The filter (installed with no_new_privs, inherited by PROGRAM across exec) sends two kinds of system call to a
// supervisor process through a seccomp user-notification listener: socket(AF_NETLINK, *, NETLINK_SOCK_DIAG), and
// sendto() with a destination address (how a netlink request is sent; TCP and UDP sends of a server pass no
// address and never leave the kernel). The supervisor lets every call through (SECCOMP_USER_NOTIF_FLAG_CONTINUE)
// unless CONTROL_DIR/refuse exists and the call is on a NETLINK_SOCK_DIAG socket: then the kernel fails it with
// EACCES, as an SELinux policy without netlink_tcpdiag_socket { nlmsg_read } or a container runtime's seccomp
// profile would. Each refusal appends a line to CONTROL_DIR/refused. PROGRAM keeps this process's pid; the
// supervisor is a grandchild that exits when PROGRAM does.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define GATE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define GATE_ARCH AUDIT_ARCH_AARCH64
#else
#error "netlink-gate: unsupported architecture"
#endif

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#define ARG_HI(n) (offsetof(struct seccomp_data, args) + 8 * (n) + 4)

static void die(const char *what) {
    fprintf(stderr, "netlink-gate: %s: %s\n", what, strerror(errno));
    exit(125);
}

static int install_filter(void) {
    struct sock_filter program[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, GATE_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendto, 6, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        // socket(domain, type, protocol): AF_NETLINK and NETLINK_SOCK_DIAG only.
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(0)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_NETLINK, 0, 2),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NETLINK_SOCK_DIAG, 5, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        // sendto(fd, buf, len, flags, dest_addr, addrlen): only with a destination address.
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(4)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(4)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    // The socket branch jumps to the USER_NOTIF return: check the offsets above against this table.
    _Static_assert(sizeof(program) / sizeof(program[0]) == 18, "jump offsets assume 18 instructions");
    struct sock_fprog fprog = {.len = sizeof(program) / sizeof(program[0]), .filter = program};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        die("prctl(PR_SET_NO_NEW_PRIVS)");
    }
    int listener = (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &fprog);
    if (listener < 0) {
        die("seccomp(SECCOMP_SET_MODE_FILTER, NEW_LISTENER)");
    }
    return listener;
}

static void send_fd(int channel, int fd) {
    char data = 'L';
    struct iovec iov = {.iov_base = &data, .iov_len = 1};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof(control.buffer)};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(header), &fd, sizeof(int));
    if (sendmsg(channel, &message, 0) != 1) {
        die("sendmsg(listener)");
    }
}

static int receive_fd(int channel) {
    char data;
    struct iovec iov = {.iov_base = &data, .iov_len = 1};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof(control.buffer)};
    if (recvmsg(channel, &message, 0) != 1) {
        exit(0); // The target failed before it installed the filter; it says why.
    }
    int fd;
    memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&message)), sizeof(int));
    return fd;
}

// Whether fd of the target is a NETLINK_SOCK_DIAG socket (a copy of it, through pidfd_getfd).
static int is_sock_diag(int pidfd, int target_fd) {
    int copy = (int)syscall(__NR_pidfd_getfd, pidfd, target_fd, 0);
    if (copy < 0) {
        return 0;
    }
    int domain = 0, protocol = 0;
    socklen_t length = sizeof(int);
    int yes = getsockopt(copy, SOL_SOCKET, SO_DOMAIN, &domain, &length) == 0 && domain == AF_NETLINK;
    length = sizeof(int);
    yes = yes && getsockopt(copy, SOL_SOCKET, SO_PROTOCOL, &protocol, &length) == 0 && protocol == NETLINK_SOCK_DIAG;
    close(copy);
    return yes;
}

static void supervise(int listener, pid_t target, const char *control) {
    char refuse[4096], refused[4096];
    snprintf(refuse, sizeof(refuse), "%s/refuse", control);
    snprintf(refused, sizeof(refused), "%s/refused", control);
    int pidfd = (int)syscall(__NR_pidfd_open, target, 0);
    if (pidfd < 0) {
        exit(0);
    }
    struct seccomp_notif_sizes sizes;
    if (syscall(__NR_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
        exit(0);
    }
    struct seccomp_notif *request = calloc(1, sizes.seccomp_notif > sizeof(struct seccomp_notif) ? sizes.seccomp_notif : sizeof(struct seccomp_notif));
    struct seccomp_notif_resp *response = calloc(1, sizes.seccomp_notif_resp > sizeof(struct seccomp_notif_resp) ? sizes.seccomp_notif_resp : sizeof(struct seccomp_notif_resp));
    for (;;) {
        struct pollfd fds[2] = {{.fd = listener, .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            exit(0);
        }
        if ((fds[1].revents & POLLIN) || (fds[0].revents & (POLLHUP | POLLERR))) {
            exit(0); // The target exited.
        }
        memset(request, 0, sizes.seccomp_notif);
        if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, request) != 0) {
            if (errno == EINTR || errno == ENOENT) {
                continue;
            }
            exit(0);
        }
        int deny = access(refuse, F_OK) == 0
            && (request->data.nr == __NR_socket || is_sock_diag(pidfd, (int)request->data.args[0]));
        memset(response, 0, sizes.seccomp_notif_resp);
        response->id = request->id;
        if (deny) {
            response->error = -EACCES;
            FILE *log = fopen(refused, "a");
            if (log != NULL) {
                fprintf(log, "%s pid %u: EACCES\n", request->data.nr == __NR_socket ? "socket(AF_NETLINK, NETLINK_SOCK_DIAG)" : "sendto(netlink)", request->pid);
                fclose(log);
            }
        } else {
            response->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        }
        ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, response); // ENOENT: the caller was interrupted; nothing to do.
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: netlink-gate CONTROL_DIR PROGRAM [ARG...]\n");
        return 2;
    }
    int channel[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) != 0) {
        die("socketpair");
    }
    pid_t target = getpid();
    pid_t child = fork();
    if (child < 0) {
        die("fork");
    }
    if (child == 0) {
        // The supervisor is a grandchild, so that it is never a child of PROGRAM (which would have to reap it).
        if (fork() != 0) {
            _exit(0);
        }
        close(channel[0]);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        supervise(receive_fd(channel[1]), target, argv[1]);
        return 0;
    }
    waitpid(child, NULL, 0);
    close(channel[1]);
    int listener = install_filter();
    send_fd(channel[0], listener);
    close(listener);
    close(channel[0]);
    execvp(argv[2], argv + 2);
    die("execvp");
}
