using System.Diagnostics;
using System.Globalization;

namespace PortWatch.TestSupport;

/// <summary>
/// Certificates made by <c>openssl</c> in a directory of the test's: a CA, and certificates it issues for servers
/// (RSA, with 127.0.0.1 and localhost) and clients (EC, for client authentication), valid now or expired.
/// </summary>
internal sealed class TestPki
{
    private static int serial = 0x1000;
    private readonly string directory;

    private TestPki(string directory, string name)
    {
        this.directory = directory;
        Name = name;
    }

    public string Name { get; }

    public string CaCert => Path.Combine(directory, "ca.crt");

    public string CaKey => Path.Combine(directory, "ca.key");

    /// <summary>A new CA named <paramref name="name"/>, in a subdirectory of <paramref name="parent"/>.</summary>
    public static TestPki Create(string parent, string name)
    {
        var directory = Path.Combine(parent, name);
        Directory.CreateDirectory(directory);
        var pki = new TestPki(directory, name);
        Openssl(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pki.CaKey, "-out", pki.CaCert, "-days", "30", "-subj", $"/CN={name}");
        return pki;
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost, and its key (PEM files).</summary>
    public (string Cert, string Key) IssueServer(string name) =>
        Issue(name, "rsa:2048", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n", expired: false);

    /// <summary>A client certificate (with <paramref name="san"/> as a DNS name when given), and its key.</summary>
    public (string Cert, string Key) IssueClient(string name, bool expired = false, string? san = null) =>
        Issue(name, "ec", $"extendedKeyUsage=clientAuth\n{(san is null ? "" : $"subjectAltName=DNS:{san}\n")}", expired);

    /// <summary>Runs openssl with <paramref name="arguments"/> in <paramref name="directory"/>; throws with its output when it fails.</summary>
    public static string Openssl(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}");
    }

    private (string Cert, string Key) Issue(string name, string keyType, string extensions, bool expired)
    {
        var cert = Path.Combine(directory, $"{name}.crt");
        var key = Path.Combine(directory, $"{name}.key");
        var csr = Path.Combine(directory, $"{name}.csr");
        var ext = Path.Combine(directory, $"{name}.ext");
        File.WriteAllText(ext, extensions);
        string[] keyArguments = keyType == "ec" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] : ["-newkey", keyType];
        Openssl(directory, ["req", .. keyArguments, "-nodes", "-keyout", key, "-out", csr, "-subj", $"/CN={name}"]);
        var number = Interlocked.Increment(ref serial).ToString("X", CultureInfo.InvariantCulture);
        if (!expired)
        {
            Openssl(directory, "x509", "-req", "-in", csr, "-CA", CaCert, "-CAkey", CaKey, "-set_serial", $"0x{number}", "-out", cert, "-days", "30", "-extfile", ext);
            return (cert, key);
        }

        // openssl x509 cannot date a certificate in the past before OpenSSL 3.4; openssl ca can.
        var database = Path.Combine(directory, "ca-db");
        Directory.CreateDirectory(database);
        File.WriteAllText(Path.Combine(database, "index.txt"), "");
        File.WriteAllText(Path.Combine(database, "serial"), number + "\n");
        var config = Path.Combine(directory, "ca.cnf");
        File.WriteAllText(config, $"""
            [ca]
            default_ca = test
            [test]
            database = {database}/index.txt
            new_certs_dir = {database}
            serial = {database}/serial
            default_md = sha256
            policy = any
            unique_subject = no
            [any]
            commonName = supplied
            """);
        Openssl(directory, "ca", "-batch", "-config", config, "-cert", CaCert, "-keyfile", CaKey, "-in", csr, "-out", cert,
            "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-extfile", ext, "-notext");
        return (cert, key);
    }
}
