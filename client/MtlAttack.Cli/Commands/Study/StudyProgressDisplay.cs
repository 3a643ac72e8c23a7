using MtlAttack.Cli.Commands.Shared.Tables;
using MtlAttack.Cli.Commands.Train;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Study;
using MtlAttack.Core.Training;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Study;

/// <summary>
/// The study's bars: one for the models done, and per model the bar <c>train</c> shows while it trains and the bar
/// <c>attack</c> shows while it is attacked (the same displays), each with a line saying which model it is.
/// </summary>
public sealed class StudyProgressDisplay(CliEnvironment environment, ProgressContext context) : IStudyObserver
{
    private ProgressTask? models;
    private TrainingProgressDisplay? training;
    private ProgressTask? attack;

    /// <summary>Whether the study got past its checks and planned its models.</summary>
    public bool Started => models is not null;

    public void Planned(IReadOnlyList<StudyModelPlan> plans, IReadOnlyList<StudiedModel> reused)
    {
        environment.Console.WriteLine($"{plans.Count} models; layouts (index, sharing): " +
                                      string.Join(", ", plans.Select(p => p.Layout).Distinct().Select(l => $"#{l.Index} {ReportNumbers.Value(l.Sharing)}")) +
                                      (reused.Count > 0 ? $"; {reused.Count} finished earlier and reused" : "") + ".");
        models = context.AddTask("Models", autoStart: true, maxValue: plans.Count);
    }

    public IProgress<TrainingProgress>? Training(StudyModelPlan plan, int number, int count, bool resumed)
    {
        environment.Console.WriteLine($"[{number}/{count}] {plan.Name}: {(resumed ? "resuming its training" : "training")} (layout {plan.Layout.Layout}, sharing {ReportNumbers.Value(plan.Layout.Sharing)})");
        training = new TrainingProgressDisplay(environment.Console);
        training.Attach(context.AddTask(Markup.Escape($"training {plan.Name}"), autoStart: true, maxValue: 1));
        return training;
    }

    public IProgress<EvaluationProgress>? Attacking(StudyModelPlan plan, int number, int count, ReportDirectoryEvaluation evaluation)
    {
        FinishTraining();
        environment.Console.WriteLine($"[{number}/{count}] {plan.Name}: attacking, {evaluation.Evaluator.Cells.Count} cells" +
                                      (evaluation.BatchesDone > 0 ? $", resuming after {evaluation.BatchesDone} of {evaluation.BatchesTotal} batches" : ""));
        attack = context.AddTask(Markup.Escape($"attacking {plan.Name}"), autoStart: true,
            maxValue: Math.Max(EvaluationCost.Remaining(evaluation.Evaluator, evaluation.Saved), 1));
        return new EvaluationProgressDisplay(attack, evaluation.Evaluator);
    }

    public void Finished(StudiedModel model, int number, int count, bool trained, bool attacked)
    {
        FinishTraining();
        if (attack is not null)
        {
            attack.Value = attack.MaxValue;
            attack.StopTask();
            attack = null;
        }
        if (!trained && !attacked)
            environment.Console.WriteLine($"[{number}/{count}] {model.Name}: reused (trained and attacked earlier)");
        models?.Increment(1);
    }

    public void Finish() => models?.StopTask();

    private void FinishTraining()
    {
        training?.Finish();
        training = null;
    }
}
