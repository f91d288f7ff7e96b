using System.Runtime.InteropServices;

namespace PortWatch.Tracing;

/// <summary>
/// The calls of libbpf 1.x (<c>libbpf.so.1</c>, Debian's libbpf1) the tracer makes. Blittable signatures only (names
/// are NUL-terminated UTF-8 byte pointers, handles are pointers), so that Native AOT needs no marshalling code.
/// libbpf 1.x returns a negative errno from int functions and NULL with errno set from pointer functions.
/// </summary>
internal static unsafe partial class LibBpf
{
    public const string Library = "libbpf.so.1";

    [LibraryImport(Library, EntryPoint = "libbpf_set_print")]
    public static partial nint SetPrint(nint print);

    [LibraryImport(Library, EntryPoint = "bpf_object__open_mem", SetLastError = true)]
    public static partial nint OpenMemory(byte* buffer, nuint size, nint options);

    [LibraryImport(Library, EntryPoint = "bpf_object__load")]
    public static partial int Load(nint bpfObject);

    [LibraryImport(Library, EntryPoint = "bpf_object__close")]
    public static partial void Close(nint bpfObject);

    [LibraryImport(Library, EntryPoint = "bpf_object__next_program")]
    public static partial nint NextProgram(nint bpfObject, nint previous);

    [LibraryImport(Library, EntryPoint = "bpf_program__section_name")]
    public static partial byte* SectionName(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_program__attach", SetLastError = true)]
    public static partial nint Attach(nint program);

    [LibraryImport(Library, EntryPoint = "bpf_program__attach_cgroup", SetLastError = true)]
    public static partial nint AttachCgroup(nint program, int cgroupFd);

    [LibraryImport(Library, EntryPoint = "bpf_link__destroy")]
    public static partial int DestroyLink(nint link);

    [LibraryImport(Library, EntryPoint = "bpf_object__find_map_fd_by_name")]
    public static partial int FindMapFd(nint bpfObject, byte* name);

    [LibraryImport(Library, EntryPoint = "bpf_map_lookup_elem")]
    public static partial int LookupElement(int mapFd, void* key, void* value);

    [LibraryImport(Library, EntryPoint = "bpf_map_update_elem")]
    public static partial int UpdateElement(int mapFd, void* key, void* value, ulong flags);

    [LibraryImport(Library, EntryPoint = "ring_buffer__new", SetLastError = true)]
    public static partial nint RingBufferNew(int mapFd, delegate* unmanaged<nint, nint, nuint, int> sample, nint context, nint options);

    [LibraryImport(Library, EntryPoint = "ring_buffer__poll")]
    public static partial int RingBufferPoll(nint ringBuffer, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "ring_buffer__consume")]
    public static partial int RingBufferConsume(nint ringBuffer);

    [LibraryImport(Library, EntryPoint = "ring_buffer__free")]
    public static partial void RingBufferFree(nint ringBuffer);
}
