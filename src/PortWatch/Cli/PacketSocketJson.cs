using System.Text;
using System.Text.Json;
using PortWatch.PacketSockets;

namespace PortWatch.Cli;

/// <summary>
/// <c>portwatch list --packet-sockets --output json</c>: an array with an object a series of
/// <c>portwatch_packet_sockets</c>, every label under its name (<see cref="PacketSocketLabels.All"/>, <c>expected</c>
/// a boolean), then <c>sockets</c> (how many share the labels), <c>processes</c> and <c>first_seen</c>.
/// </summary>
internal static class PacketSocketJson
{
    public static string Write(IReadOnlyList<PacketSocket> sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = CliJsonContext.Output.Options.Encoder }))
        {
            json.WriteStartArray();
            foreach (var socket in sockets)
            {
                json.WriteStartObject();
                foreach (var label in PacketSocketLabels.All)
                {
                    if (label.Name == "expected")
                    {
                        json.WriteBoolean(label.Name, socket.Expected);
                    }
                    else
                    {
                        json.WriteString(label.Name, label.Value(socket));
                    }
                }

                json.WriteNumber("sockets", socket.Count);
                ProcessJson.Write(json, socket.Processes);
                json.WriteString("first_seen", ListCommand.Rfc3339(socket.FirstSeen));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
