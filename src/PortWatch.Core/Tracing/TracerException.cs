using System.Runtime.InteropServices;

namespace PortWatch.Tracing;

/// <summary>The tracer could not start: the message says what refused and why (the errno's text).</summary>
internal sealed class TracerException : Exception
{
    public TracerException()
    {
    }

    public TracerException(string message)
        : base(message)
    {
    }

    public TracerException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public static TracerException FromErrno(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
}
