using System.Text.RegularExpressions;
using MtlAttack.Core.Reporting;

namespace MtlAttack.Core.Tests.Reporting;

public class ComparisonHtmlTests
{
    private static ComparedEvaluation Evaluation(string id, string model, double scale) => new(id, model,
        [.. from algorithm in new[] { "fgsm", "pgd" }
            from objective in new[] { "total", "dgba" }
            from epsilon in new[] { 2.0, 4.0 }
            let drop = scale * epsilon * (objective == "dgba" ? 0.02 : 0.015) * (algorithm == "pgd" ? 2 : 1)
            select new ComparedCell(algorithm, objective, epsilon, drop, new Dictionary<string, double> { ["depth_zbuffer"] = drop, ["normal"] = drop / 2 })]);

    [Fact]
    public void DrawsAnAverageDropChartPerAlgorithmAndTheTableRows()
    {
        string html = ComparisonHtml.Render([Evaluation("e1", "tiny.v1", 1), Evaluation("e2", "wide.v2", 1.5)]);

        Assert.Equal(2, Regex.Count(html, $"data-chart=\"{ComparisonHtml.ChartKind}\""));
        Assert.Equal(2, Regex.Count(html, "<svg "));
        // The evaluation table (2 rows), the cell table (2 evaluations x 8 cells), each with a header.
        Assert.Equal(2 + 1 + 16 + 1, Regex.Count(html, "<tr>"));
        Assert.Contains("<td>e2</td><td>wide.v2</td><td>pgd</td><td>dgba</td><td class=\"num\">4</td><td class=\"num\">24.00</td><td class=\"num\">24.00</td><td class=\"num\">12.00</td>", html);
        Assert.Contains("e2 (wide.v2) x dgba", html); // a legend entry, in the pgd chart's SVG
    }

    [Fact]
    public void EscapesIdsAndModelNames()
    {
        string html = ComparisonHtml.Render([Evaluation("<script>x()</script>", "m\"><img src=x>", 1)]);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;x()&lt;/script&gt;", html);
    }

    [Fact]
    public void NoCellsGiveAPageWithoutCharts()
    {
        string html = ComparisonHtml.Render([new ComparedEvaluation("e1", "tiny.v1", [])]);
        Assert.DoesNotContain("<svg", html);
        Assert.Contains("No attack cells to compare.", html);
    }
}
