// JSON text the way `python3 -m json.tool` or JSON.stringify(v, null, 2) writes it: two-space indent,
// `[]` and `{}` for empty containers, numbers in their shortest form (jsonnet 0.18's std.manifestJsonEx
// writes 0.9 as 0.90000000000000002 and an empty array over three lines). Keys are sorted, as jsonnet
// always sorts them.
local number(n) =
  if n == std.floor(n) && std.abs(n) < 1e15 then std.toString(n)
  else
    // The fewest significant digits that read back as the same double.
    local tries = [std.format('%.' + p + 'g', n) for p in std.range(1, 17)];
    [t for t in tries if std.parseJson(t) == n][0];

// A JSON string literal. The interpreter's own manifestation escapes it (std.escapeStringJson does the
// same, one character at a time, and takes seconds over a dashboard).
local string(s) =
  local t = std.toString([s]);  // ["..."]
  std.substr(t, 1, std.length(t) - 2);

local manifest(v, indent, depth) =
  local pad(d) = std.join('', std.makeArray(d, function(_) indent));
  if std.isObject(v) then
    local keys = std.objectFields(v);
    if std.length(keys) == 0 then '{}'
    else '{\n' + std.join(',\n', [
      pad(depth + 1) + string(k) + ': ' + manifest(v[k], indent, depth + 1)
      for k in keys
    ]) + '\n' + pad(depth) + '}'
  else if std.isArray(v) then
    if std.length(v) == 0 then '[]'
    else '[\n' + std.join(',\n', [pad(depth + 1) + manifest(e, indent, depth + 1) for e in v]) + '\n' + pad(depth) + ']'
  else if std.isString(v) then string(v)
  else if std.isNumber(v) then number(v)
  else if std.isBoolean(v) then (if v then 'true' else 'false')
  else if v == null then 'null'
  else error 'cannot write a function as JSON';

{
  // The document as JSON text, ending with a newline.
  manifest(v, indent='  ')::
    manifest(v, indent, 0) + '\n',
}
