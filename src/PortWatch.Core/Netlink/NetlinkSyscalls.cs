using System.Runtime.InteropServices;

namespace PortWatch.Netlink;

/// <summary>The libc calls behind a netlink socket. .NET's <c>Socket</c> cannot create an AF_NETLINK socket, but wraps one.</summary>
internal static unsafe partial class NetlinkSyscalls
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkSockDiag = 4;
    public const int SolSocket = 1;
    public const int SoRcvBuf = 8;
    public const int SoRcvBufForce = 33;
    public const int SoAttachFilter = 26;
    public const int MsgPeek = 0x2;
    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;
    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Enobufs = 105;

    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int type);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, SockAddrNetlink* address, int length);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nint length, int flags, SockAddrNetlink* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint ReceiveFrom(int fd, byte* buffer, nint length, int flags, SockAddrNetlink* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary><c>struct sockaddr_nl</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrNetlink
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }

    /// <summary><c>struct sock_fprog</c>: a classic BPF program.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SocketFilterProgram
    {
        public ushort Length;
        public BpfInstruction* Filter;
    }

    /// <summary><c>struct sock_filter</c>: one classic BPF instruction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BpfInstruction
    {
        public ushort Code;
        public byte JumpTrue;
        public byte JumpFalse;
        public uint K;
    }
}
