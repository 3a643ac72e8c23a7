using MtlAttack.Core.Training;

namespace MtlAttack.Core.Study;

/// <summary>
/// One model of a study: a layout, trained clean (<see cref="AdversarialObjective"/> null) or adversarially against
/// one objective. Every model of a study shares the data, epochs and seed, so they differ only in these two.
/// </summary>
public sealed record StudyModelPlan(ChosenLayout Layout, string? AdversarialObjective)
{
    public const string Clean = "clean";

    /// <summary><c>clean</c>, or <c>adversarial-OBJECTIVE</c>.</summary>
    public string Training => AdversarialObjective is null ? Clean : $"adversarial-{AdversarialObjective}";

    /// <summary>The model's folder name under the study's <c>models/</c>.</summary>
    public string Name => $"layout{Layout.Index}-{Training}";

    /// <summary>The options <c>mtlattack train</c> would build for this model: its defaults but for the study's data, layout, epochs and seed.</summary>
    public TrainingOptions TrainingOptions(StudySettings settings, string outputDirectory, string device) => new()
    {
        Dataset = settings.Dataset,
        OutputDirectory = outputDirectory,
        Backbone = settings.Backbone,
        Layout = Layout.Layout,
        Epochs = settings.Epochs,
        Seed = settings.Seed,
        Device = device,
        Adversarial = AdversarialObjective is null ? null : settings.AdversarialAlgorithm,
        AdvObjective = AdversarialObjective ?? new TrainingOptions().AdvObjective,
        AdvEpsilon = settings.AdversarialEpsilon,
        AdvSteps = settings.AdversarialSteps,
    };

    /// <summary>Every model of a study: per layout (shared first), the clean one, then one per adversarial objective.</summary>
    public static IReadOnlyList<StudyModelPlan> For(StudySettings settings, IReadOnlyList<ChosenLayout> layouts) =>
        layouts.SelectMany(layout => settings.AdversarialObjectives.Prepend(null).Select(objective => new StudyModelPlan(layout, objective))).ToList();
}
