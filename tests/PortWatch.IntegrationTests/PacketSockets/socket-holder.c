/*
 * A process for the packet and raw socket tests: it names itself, opens the sockets asked for, prints one line a
 * socket, then "ready", and keeps them until its standard input closes. With --memfd it first copies its own
 * binary into a memfd and executes that (memfd_create + fexecve), as implants that run from memory do.
 *
 * usage: socket-holder [--memfd] [--name COMM] SPEC...
 *   packet:ETHERTYPE[:bpf]   an AF_PACKET SOCK_RAW socket for the ethertype (hex, 0003 for every frame),
 *                            with a one-instruction classic BPF filter (SO_ATTACH_FILTER) when ":bpf" is given
 *   raw4:PROTOCOL, raw6:PROTOCOL   a raw IP socket (SOCK_RAW) of the IP protocol number
 *   tcp:PORT                 a TCP listener on 127.0.0.1 (0: any free port)
 * prints: "packet INODE", "raw INODE", "tcp PORT INODE", then "ready"
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void fail(const char *what)
{
	perror(what);
	exit(1);
}

static void run_from_memfd(int argc, char **argv)
{
	int in = open("/proc/self/exe", 0);
	int fd = memfd_create("pw-implant", 0);
	char buffer[65536];
	ssize_t n;
	if (in < 0 || fd < 0)
		fail("memfd");
	while ((n = read(in, buffer, sizeof buffer)) > 0)
		if (write(fd, buffer, (size_t)n) != n)
			fail("write memfd");
	close(in);
	/* The copy runs without --memfd (argv[1]). */
	char **rest = calloc((size_t)argc, sizeof *rest);
	rest[0] = argv[0];
	for (int i = 2; i < argc; i++)
		rest[i - 1] = argv[i];
	fexecve(fd, rest, environ);
	fail("fexecve");
}

static unsigned long inode_of(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		fail("fstat");
	return (unsigned long)st.st_ino;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--memfd") == 0)
		run_from_memfd(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		const char *spec = argv[i];
		if (strcmp(spec, "--name") == 0 && i + 1 < argc) {
			prctl(PR_SET_NAME, argv[++i]);
			continue;
		}
		if (strncmp(spec, "packet:", 7) == 0) {
			unsigned ethertype = (unsigned)strtoul(spec + 7, NULL, 16);
			int fd = socket(AF_PACKET, SOCK_RAW, htons((unsigned short)ethertype));
			if (fd < 0)
				fail("socket(AF_PACKET)");
			if (strstr(spec + 7, ":bpf") != NULL) {
				/* "ret #0xffff": accept every frame. */
				struct sock_filter code[] = { { 0x06, 0, 0, 0xffff } };
				struct sock_fprog program = { 1, code };
				if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0)
					fail("SO_ATTACH_FILTER");
			}
			printf("packet %lu\n", inode_of(fd));
		} else if (strncmp(spec, "raw4:", 5) == 0 || strncmp(spec, "raw6:", 5) == 0) {
			int fd = socket(spec[3] == '4' ? AF_INET : AF_INET6, SOCK_RAW, atoi(spec + 5));
			if (fd < 0)
				fail("socket(SOCK_RAW)");
			printf("raw %lu\n", inode_of(fd));
		} else if (strncmp(spec, "tcp:", 4) == 0) {
			int fd = socket(AF_INET, SOCK_STREAM, 0);
			struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(spec + 4)) };
			socklen_t length = sizeof address;
			address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0 || listen(fd, 16) != 0)
				fail("tcp listener");
			getsockname(fd, (struct sockaddr *)&address, &length);
			printf("tcp %u %lu\n", ntohs(address.sin_port), inode_of(fd));
		} else {
			fprintf(stderr, "unknown spec %s\n", spec);
			return 2;
		}
	}
	printf("ready\n");
	char c;
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
