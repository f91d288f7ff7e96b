using System.Text.Json;

namespace PortWatch.Owners;

/// <summary>Where one runtime keeps a container's OCI spec, and the annotations there that name its pod.</summary>
/// <param name="PathFormat">The spec's path below the procfs root, <c>{0}</c> for the container id.</param>
internal sealed record PodAnnotations(string PathFormat, string NameKey, string NamespaceKey, string UidKey)
{
    /// <summary>
    /// The pod's name and namespace from the text of a spec, escaped as process names are; null when the text is not
    /// such a spec, lacks them, or names a pod other than <paramref name="podUid"/> (then its names are not the pod's).
    /// </summary>
    public (string Pod, string Namespace)? Read(string json, string podUid)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("annotations", out var annotations)
                && annotations.ValueKind == JsonValueKind.Object
                && String(annotations, UidKey) == podUid
                && String(annotations, NameKey) is { Length: > 0 } podName
                && String(annotations, NamespaceKey) is { Length: > 0 } podNamespace)
            {
                return (OwnerText.Escape(podName), OwnerText.Escape(podNamespace));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not a runtime spec (InvalidOperationException: a string holding a lone surrogate, such as "\udfff"): the pod keeps its uid.
        }

        return null;
    }

    private static string? String(JsonElement annotations, string key) =>
        annotations.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
