using System.Runtime.InteropServices;
using System.Text;

namespace PortWatch.Nftables;

/// <summary>
/// A libnftables context that lists the ruleset of the calling thread's network namespace as JSON. Open it with
/// <see cref="TryOpen"/>, which says why when libnftables.so.1 is not installed. Not thread-safe.
/// </summary>
internal sealed unsafe class NftablesSession : IDisposable
{
    private static readonly byte[] ListRuleset = Encoding.ASCII.GetBytes("list ruleset\0");

    private nint context;

    private NftablesSession(nint context) => this.context = context;

    /// <summary>A session, or null and the reason when the library cannot be loaded or gives no context.</summary>
    public static NftablesSession? TryOpen(out string? reason)
    {
        if (!NativeLibrary.TryLoad(LibNftables.Library, typeof(NftablesSession).Assembly, null, out var handle))
        {
            reason = $"{LibNftables.Library} is not installed (Debian and Ubuntu: the libnftables1 package, which nftables pulls in)";
            return null;
        }

        NativeLibrary.Free(handle);
        try
        {
            var context = LibNftables.ContextNew(0);
            if (context == 0)
            {
                reason = "nft_ctx_new failed";
                return null;
            }

            LibNftables.OutputSetFlags(context, LibNftables.OutputJson | LibNftables.OutputStateless);
            _ = LibNftables.BufferOutput(context);
            _ = LibNftables.BufferError(context);
            reason = null;
            return new NftablesSession(context);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            reason = $"{LibNftables.Library} cannot be used: {e.Message}";
            return null;
        }
    }

    /// <summary>The output of <c>nft -j list ruleset</c>; throws <see cref="IOException"/> with libnftables' error text when it fails (EPERM without CAP_NET_ADMIN).</summary>
    public string ReadRuleset()
    {
        ObjectDisposedException.ThrowIf(context == 0, this);
        int result;
        fixed (byte* command = ListRuleset)
        {
            result = LibNftables.RunCommand(context, command);
        }

        if (result != 0)
        {
            var error = Marshal.PtrToStringUTF8((nint)LibNftables.GetErrorBuffer(context))?.Trim();
            throw new IOException($"nftables: list ruleset failed: {(string.IsNullOrEmpty(error) ? "no error text" : error)}");
        }

        return Marshal.PtrToStringUTF8((nint)LibNftables.GetOutputBuffer(context)) ?? "";
    }

    public void Dispose()
    {
        if (context != 0)
        {
            LibNftables.ContextFree(context);
            context = 0;
        }
    }
}
