using System.Runtime.InteropServices;

namespace PortWatch.Nftables;

/// <summary>
/// The calls of libnftables (<c>libnftables.so.1</c>, Debian's libnftables1, which the nftables package pulls in) that
/// read a ruleset as JSON. Blittable signatures only, so that Native AOT needs no marshalling code.
/// </summary>
internal static unsafe partial class LibNftables
{
    public const string Library = "libnftables.so.1";

    /// <summary>NFT_CTX_OUTPUT_STATELESS: no counter values, so that the text changes only when the rules do.</summary>
    public const uint OutputStateless = 1 << 2;

    /// <summary>NFT_CTX_OUTPUT_JSON.</summary>
    public const uint OutputJson = 1 << 4;

    [LibraryImport(Library, EntryPoint = "nft_ctx_new")]
    public static partial nint ContextNew(uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_free")]
    public static partial void ContextFree(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_output_set_flags")]
    public static partial void OutputSetFlags(nint context, uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_output")]
    public static partial int BufferOutput(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_error")]
    public static partial int BufferError(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_output_buffer")]
    public static partial byte* GetOutputBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_error_buffer")]
    public static partial byte* GetErrorBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_buffer")]
    public static partial int RunCommand(nint context, byte* command);
}
