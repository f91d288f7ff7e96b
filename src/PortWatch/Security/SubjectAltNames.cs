using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortWatch.Security;

/// <summary>A certificate's subject alternative names of the kinds <c>client_allowed_sans</c> matches: DNS names, IP addresses, e-mail addresses and URIs.</summary>
internal static class SubjectAltNames
{
    private const string Oid = "2.5.29.17";

    public static List<string> Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == Oid)
            {
                Read(extension.RawData, names);
            }
        }

        return names;
    }

    private static void Read(byte[] der, List<string> names)
    {
        try
        {
            var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    sequence.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1: // rfc822Name
                    case 2: // dNSName
                    case 6: // uniformResourceIdentifier
                        names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                        break;
                    case 7: // iPAddress
                        var bytes = sequence.ReadOctetString(tag);
                        if (bytes.Length is 4 or 16)
                        {
                            names.Add(new IPAddress(bytes).ToString());
                        }

                        break;
                    default:
                        sequence.ReadEncodedValue();
                        break;
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            // A malformed extension matches nothing.
        }
    }
}
