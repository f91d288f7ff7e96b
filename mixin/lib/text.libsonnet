// Words for the alerts' descriptions, written from the settings in config.libsonnet.
local units = {
  s: ['a second', 'seconds'],
  m: ['a minute', 'minutes'],
  h: ['an hour', 'hours'],
  d: ['a day', 'days'],
  w: ['a week', 'weeks'],
  y: ['a year', 'years'],
};
local words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
local isDigit(c) = std.member('0123456789', c);

{
  // The text without its final newline (a ||| block's). std.rstripChars slices the string one character
  // at a time, which takes seconds over a dashboard.
  chomp(s)::
    if std.endsWith(s, '\n') then std.substr(s, 0, std.length(s) - 1) else s,

  // '10m' -> '10 minutes', '1h' -> 'an hour'. A duration of several units ('1h30m') or in ms is
  // returned as it is.
  duration(d)::
    local digits = std.join('', [c for c in std.stringChars(d) if isDigit(c)]);
    local unit = d[std.length(digits):];
    if digits == '' || d[:std.length(digits)] != digits || !std.objectHas(units, unit) then d
    else
      local n = std.parseInt(digits);
      if n == 1 then units[unit][0] else '%d %s' % [n, units[unit][1]],

  // 3 -> 'three'; numbers above ten as digits.
  number(n)::
    if n >= 0 && n < std.length(words) && n == std.floor(n) then words[n] else std.toString(n),

  // 365 -> 'a year', 30 -> '30 days'.
  days(n)::
    if n == 365 then 'a year' else if n == 1 then 'a day' else '%d days' % n,

  // Grafana's URL slug of a dashboard title: 'PortWatch / Host' -> 'portwatch-host'.
  slug(title)::
    local chars = [
      if std.member('abcdefghijklmnopqrstuvwxyz0123456789', c) then c else '-'
      for c in std.stringChars(std.asciiLower(title))
    ];
    local collapsed = std.foldl(
      function(acc, c) if c == '-' && (acc == '' || acc[std.length(acc) - 1] == '-') then acc else acc + c,
      chars,
      ''
    );
    if std.endsWith(collapsed, '-') then collapsed[:std.length(collapsed) - 1] else collapsed,
}
