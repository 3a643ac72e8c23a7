namespace MtlAttack.Core.Study;

/// <summary>The study's three answers, computed from its reports (never written by hand).</summary>
public sealed record StudyAnswers(TransferAnswer Transfer, ObjectiveAnswer Objectives, TradeoffAnswer Tradeoff)
{
    public static StudyAnswers Compute(IReadOnlyList<StudyModelReport> models, StudySettings settings) =>
        new(TransferAnswer.Compute(models, settings), ObjectiveAnswer.Compute(models, settings), TradeoffAnswer.Compute(models));

    /// <summary>The questions as the page and the command line put them, each with its answer's lines.</summary>
    public IReadOnlyList<(string Question, IReadOnlyList<string> Lines)> Questions() =>
    [
        ("1. How much do single-task attacks hurt their own task, and transfer to the others, as sharing grows?", Transfer.Lines()),
        ("2. Can one attack hurt all tasks at once (DGBA against the summed loss and SignSum)?", Objectives.Lines()),
        ("3. Does sharing, or adversarial training, trade clean quality for robustness?", Tradeoff.Lines()),
    ];
}
