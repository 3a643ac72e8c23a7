using System.Globalization;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Training;

namespace MtlAttack.Cli.Commands.Train;

/// <summary>The lines <c>train</c> prints before the first batch: what is trained on what, and how.</summary>
public static class TrainingBanner
{
    public static void Print(TrainingPlan plan, MultiTaskTrainer trainer, TextWriter output)
    {
        var o = plan.Options;
        var invariant = CultureInfo.InvariantCulture;
        var measures = LayoutMeasures.Of(trainer.Spec);
        long index = Layouts.IndexOf(trainer.Layout);
        output.WriteLine($"Dataset:  {o.Dataset} ({string.Join(", ", plan.Dataset.Splits.Select(s => $"{s} {plan.Dataset.Count(s)}"))}; trains on '{o.TrainSplit}', validates on '{o.ValidationSplit}')");
        output.WriteLine(string.Create(invariant,
            $"Model:    {trainer.Spec.Backbone}, layout #{index} {trainer.Layout} (sharing {measures.MeanSharing:0.000}), tasks {string.Join(", ", trainer.Spec.TaskNames)}, {measures.Parameters:N0} parameters"));
        output.WriteLine(string.Create(invariant,
            $"Training: {o.Epochs} epochs, batch {o.BatchSize}, {o.Optimizer} lr {o.LearningRate:G} ({o.LearningRateSchedule}), weight decay {o.WeightDecay:G}, seed {o.Seed}, device {o.Device}{(o.Augment ? ", augmented" : "")}"));
        if (o.IsAdversarial)
        {
            string use = o.IsReferenceAdversarial ? "reference protocol (a clean step, then a step on the whole batch attacked)" : string.Create(invariant, $"{o.AdvRatio:P0} of every batch");
            output.WriteLine(string.Create(invariant,
                $"Adversarial: {o.Adversarial} x {o.AdvObjective}, eps {o.AdvEpsilon:G}, {o.AdvSteps} steps{(o.AdvRandomStart ? ", random start" : "")}, {use}"));
        }
        if (plan.ResumedState is { } state)
            output.WriteLine($"Resuming: {o.ResumeFrom} after epoch {state.CompletedEpochs} of {o.Epochs}.");
    }
}
