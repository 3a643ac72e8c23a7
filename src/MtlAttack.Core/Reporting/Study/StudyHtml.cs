using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Study;
using static MtlAttack.Core.Reporting.ReportNumbers;

namespace MtlAttack.Core.Reporting.Study;

/// <summary>
/// study.html: the three answers as text with their charts, the settings, and a row per model linking to its
/// report.html (relative paths, so the study folder can be moved or zipped whole). Self-contained like report.html.
/// </summary>
public static class StudyHtml
{
    public static string Render(StudyDocument study)
    {
        var s = study.Settings;
        string title = $"Study: {s.Dataset}";
        var page = new HtmlPage();
        page.Heading(1, title);
        page.Paragraph(HtmlPage.Text(
            $"{study.Models.Count} models: {s.Layouts} layouts of backbone {s.Backbone} from fully shared to independent, each trained clean and adversarially " +
            $"({s.AdversarialAlgorithm}, eps {Value(s.AdversarialEpsilon)}, {s.AdversarialSteps} steps) against {string.Join(" and ", s.AdversarialObjectives)}; " +
            $"{s.Epochs} epoch{(s.Epochs == 1 ? "" : "s")}, seed {s.Seed}. Attacks: {string.Join(", ", s.Algorithms)} x {string.Join(", ", s.Objectives)} at eps {string.Join(", ", s.Epsilons.Select(Value))} " +
            $"(of 255), {s.Steps} steps, the first {s.MaxSamples} '{s.Split}' images."));

        if (study.Answers is { } answers)
        {
            var charts = new[]
            {
                StudyCharts.Transfer(answers.Transfer),
                StudyCharts.ObjectiveWins(answers.Objectives),
                StudyCharts.Tradeoff(answers.Tradeoff),
            };
            foreach (var ((question, lines), chart) in answers.Questions().Zip(charts))
            {
                page.Heading(2, question);
                foreach (var line in lines) page.Paragraph(HtmlPage.Text(line));
                page.Charts([chart]);
            }
        }
        else
            page.Paragraph("The study has not finished: the answers come when every model is trained and attacked.");

        page.Heading(2, "Models");
        page.Paragraph("Clean score: mean over tasks of the fraction of the gap from the trivial baseline (a constant prediction) to a perfect headline metric that the model closes (100 = perfect, 0 = no better than the baseline). " +
                       "Own and transfer: single-task attacks' mean drop of their own task and of the others. Drop: mean average relative drop under the multi-task attacks.");
        var tasks = study.TrivialBaseline.Keys.ToList();
        page.Table(
            ["model", "layout", "sharing", "training", "clean score %", .. tasks.Select(t => $"{t} {study.TrivialBaseline[t].Metric}"), "own drop %", "transfer %", "drop %",
             .. s.MultiTaskObjectives.Select(o => $"{o} drop %"), .. s.MultiTaskObjectives.Select(o => $"{o} loss change %")],
            study.Models.Select(m => (IReadOnlyList<TableCell>)
            [
                new TableCell(m.Name, Href: $"{m.Report}/{ReportWriter.HtmlFileName}"), $"#{m.Layout.Index} {m.Layout.Layout}", Value(m.Layout.Sharing), m.Training,
                Percent(m.Clean.Score), .. tasks.Select(t => new TableCell(m.Clean.Headlines.TryGetValue(t, out var h) ? Value(h.Value) : "")),
                Percent(m.Summary.OwnDrop), Percent(m.Summary.TransferDrop), Percent(m.Summary.MultiTaskDrop),
                .. s.MultiTaskObjectives.Select(o => new TableCell(m.Summary.Objectives.TryGetValue(o, out var e) ? Percent(e.MeanRelativeDrop) : "")),
                .. s.MultiTaskObjectives.Select(o => new TableCell(m.Summary.Objectives.TryGetValue(o, out var e) ? Percent(e.MeanRelativeLossChange) : "")),
            ]).Prepend(
            [
                "trivial baseline", "", "", "constant", "0.00", .. tasks.Select(t => new TableCell(Value(study.TrivialBaseline[t].Value))),
                .. Enumerable.Repeat(new TableCell(""), 3 + 2 * s.MultiTaskObjectives.Count),
            ]),
            column => column >= 2 && column != 3);
        return page.Render(title);
    }
}
