namespace PortWatch.Registry;

/// <summary>A registry file that cannot be used; the message names the file and, where it can, the line.</summary>
internal sealed class RegistryLoadException(string message, Exception? inner = null) : Exception(message, inner);
