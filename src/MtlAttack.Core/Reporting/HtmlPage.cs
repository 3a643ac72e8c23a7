using System.Net;
using System.Text;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// A self-contained HTML page: inline CSS, inline SVG charts, no scripts, fonts or other fetches. Every string that
/// comes from a report (model, dataset, task and objective names) goes through <see cref="Text"/>; only charts (SVG
/// that SkiaSharp escapes itself) and the page's own markup go in unescaped.
/// </summary>
public sealed class HtmlPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
        h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        th { background: #f3f3f3; }
        .charts { display: flex; flex-wrap: wrap; gap: 1em; }
        figure.chart { margin: 0; } figure.chart svg { max-width: 100%; height: auto; }
        code { background: #f3f3f3; padding: 0 0.2em; }
        """;

    private readonly StringBuilder body = new();

    public static string Text(string value) => WebUtility.HtmlEncode(value);

    public HtmlPage Heading(int level, string text) => Raw($"<h{level}>{Text(text)}</h{level}>");

    /// <summary>A paragraph of already-escaped markup (callers escape what they interpolate).</summary>
    public HtmlPage Paragraph(string markup) => Raw($"<p>{markup}</p>");

    public HtmlPage Charts(IEnumerable<Chart> charts)
    {
        body.AppendLine("<div class=\"charts\">");
        foreach (var chart in charts)
            body.AppendLine($"<figure class=\"chart\" data-chart=\"{Text(chart.Kind)}\" aria-label=\"{Text(chart.Title)}\">{chart.Svg}</figure>");
        body.AppendLine("</div>");
        return this;
    }

    /// <summary>A table; a cell is text (escaped) and is right-aligned when <paramref name="numeric"/> says its column holds numbers.</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<TableCell>> rows, Func<int, bool> numeric)
    {
        body.AppendLine("<table>");
        body.AppendLine("<tr>" + string.Concat(header.Select(h => $"<th>{Text(h)}</th>")) + "</tr>");
        foreach (var row in rows)
            body.AppendLine("<tr>" + string.Concat(row.Select((cell, i) => Cell(cell, numeric(i)))) + "</tr>");
        body.AppendLine("</table>");
        return this;
    }

    public string Render(string title) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>{Text(title)}</title>
        <style>
        {Style}
        </style>
        </head>
        <body>
        {body}
        </body>
        </html>

        """;

    private HtmlPage Raw(string markup)
    {
        body.AppendLine(markup);
        return this;
    }

    private static string Cell(TableCell cell, bool numeric)
    {
        string content = cell.Strong ? $"<strong>{Text(cell.Text)}</strong>" : Text(cell.Text);
        if (cell.Href is not null) content = $"<a href=\"{Text(cell.Href)}\">{content}</a>";
        return numeric ? $"<td class=\"num\">{content}</td>" : $"<td>{content}</td>";
    }
}

/// <summary>
/// One table cell's text; <see cref="Strong"/> marks it as the best of its column, as bold does in report.md;
/// <see cref="Href"/> makes it a link (a relative path to a page beside this one).
/// </summary>
public readonly record struct TableCell(string Text, bool Strong = false, string? Href = null)
{
    public static implicit operator TableCell(string text) => new(text);
}
