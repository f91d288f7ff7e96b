using System.Reflection;
using System.Text;
using Markdig;
using Microsoft.AspNetCore.Http;

namespace PortWatch.Hosting;

/// <summary>
/// <c>/runbooks</c>: docs/runbooks.md, built into the binary and rendered to HTML on the first request. The alerts'
/// default <c>runbook_url</c> is <c>http://&lt;instance&gt;/runbooks#&lt;alert name in lower case&gt;</c>
/// (mixin/config.libsonnet), so every exporter serves the runbooks of the version it runs; each section's heading
/// is an alert name and its id that name in lower case.
/// </summary>
internal sealed class RunbooksPage
{
    public const string Path = "/runbooks";

    private const string ResourceName = "runbooks.md";

    private readonly Lazy<byte[]> html = new(Render);

    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = html.Value;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>The markdown as built in (docs/runbooks.md of this version).</summary>
    internal static string Markdown()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the build did not embed {ResourceName}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static byte[] Render()
    {
        // GitHub-style heading ids (## PortwatchNewListener -> id="portwatchnewlistener") and pipe tables, as the file is written for.
        var pipeline = new MarkdownPipelineBuilder()
            .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
            .UsePipeTables()
            .DisableHtml()
            .Build();
        var page = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PortWatch runbooks</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em;max-width:60em}pre{background:#f4f4f4;padding:8px;overflow-x:auto}")
            .Append("table{border-collapse:collapse}td,th{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}</style>")
            .Append("</head><body>\n<p><a href=\"./\">PortWatch</a></p>\n")
            .Append(Markdig.Markdown.ToHtml(Markdown(), pipeline))
            .Append("</body></html>\n");
        return Encoding.UTF8.GetBytes(page.ToString());
    }
}
