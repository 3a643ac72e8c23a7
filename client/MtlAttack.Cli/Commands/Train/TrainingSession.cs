using MtlAttack.Core.Training;

namespace MtlAttack.Cli.Commands.Train;

/// <summary><c>train</c>: runs the trainer under a progress bar, then prints where the checkpoints are and how they score.</summary>
public static class TrainingSession
{
    public static int Run(TrainingPlan plan, CliEnvironment environment, CancellationToken cancellation)
    {
        var options = plan.Options;
        var trainer = UsageException.Guard(() => new MultiTaskTrainer(options));
        TrainingBanner.Print(plan, trainer, environment.Out);

        var display = new TrainingProgressDisplay(environment.Console);
        TrainingResult result;
        try
        {
            result = environment.Progress().Start(context =>
            {
                display.Attach(context.AddTask("Starting", autoStart: true, maxValue: 1));
                var finished = trainer.Run(display, cancellation);
                display.Finish();
                return finished;
            });
        }
        // Before the first batch, an argument error is the trainer refusing the settings (e.g. resuming with
        // different ones); once batches ran it would be a fault, and stays exit code 1.
        catch (ArgumentException e) when (!display.AnyBatchDone)
        {
            throw UsageException.From(e);
        }

        var tasks = trainer.Spec.TaskNames.Select(name => plan.Dataset.Tasks.First(t => t.Name == name)).ToList();
        TrainingSummary.Print(result, tasks, options, environment);
        return ExitCodes.Success;
    }
}
