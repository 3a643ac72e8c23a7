using MtlAttack.Core.Study;
using static MtlAttack.Core.Reporting.ReportNumbers;

namespace MtlAttack.Cli.Commands.Study;

/// <summary>The end of <c>study</c>: a line per model, then each question with its answer's numbers.</summary>
public static class StudyAnswersPrinter
{
    public static void Print(StudyDocument study, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Trivial baseline (constant prediction): " +
                         string.Join(", ", study.TrivialBaseline.Select(kv => $"{kv.Key} {kv.Value.Metric} {Value(kv.Value.Value)}")));
        foreach (var m in study.Models)
            output.WriteLine($"  {m.Name,-32} sharing {Value(m.Layout.Sharing),-6} clean score {Percent(m.Clean.Score),6}% " +
                             $"({string.Join(", ", m.Clean.Headlines.Select(kv => $"{kv.Value.Metric} {Value(kv.Value.Value)}"))}); " +
                             $"own {Percent(m.Summary.OwnDrop)}%, transfer {Percent(m.Summary.TransferDrop)}%, drop {Percent(m.Summary.MultiTaskDrop)}%");
        if (study.Answers is not { } answers) return;
        foreach (var (question, lines) in answers.Questions())
        {
            output.WriteLine();
            output.WriteLine(question);
            foreach (var line in lines) output.WriteLine($"  {line}");
        }
        output.WriteLine();
    }
}
