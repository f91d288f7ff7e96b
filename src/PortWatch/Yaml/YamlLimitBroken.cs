using YamlDotNet.Core;

namespace PortWatch.Yaml;

/// <summary>A limit of <see cref="YamlLimits"/> that a file breaks: where, and what.</summary>
internal sealed record YamlLimitBroken(Mark Start, string Problem);
