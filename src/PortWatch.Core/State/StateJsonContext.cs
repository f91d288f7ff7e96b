using System.Text.Json.Serialization;

namespace PortWatch.State;

/// <summary>Source-generated JSON for the state file (no reflection, so trimmed builds keep working).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
