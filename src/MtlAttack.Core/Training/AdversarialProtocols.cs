namespace MtlAttack.Core.Training;

/// <summary>
/// How adversarial training uses its attack (<see cref="TrainingOptions.AdvProtocol"/>).
/// <list type="bullet">
/// <item><c>mixed</c> (ours, the default): one optimizer step per batch, on the batch with a fraction
/// (<see cref="TrainingOptions.AdvRatio"/>) of its samples replaced by their adversarial versions.</item>
/// <item><c>reference</c>: MTLAttack-DGBA's TrainerAdv: per batch a clean step, then a second step on the whole batch
/// attacked with the weights the clean step left (the attack runs in eval mode); two optimizer steps per batch at one
/// learning rate, and the recorded training loss is the mean of the two steps' losses, as the reference logs it.</item>
/// </list>
/// </summary>
public static class AdversarialProtocols
{
    public const string Mixed = "mixed";
    public const string Reference = "reference";

    /// <summary>The reference's training attack (TrainWithAdv.py's default attackVer FGSM_Ori: FGSM on the summed loss).</summary>
    public const string ReferenceAlgorithm = "fgsm";

    /// <summary>The reference's training budget, eps 8 in 0..255 pixel units.</summary>
    public const double ReferenceEpsilon = 8;

    /// <summary>The reference's numSteps (used by its iterative attacks, with step eps / 10; FGSM takes one step of eps).</summary>
    public const int ReferenceSteps = 10;

    public static IReadOnlyList<string> Names { get; } = [Mixed, Reference];

    public static bool IsKnown(string? name) => name is not null && Names.Contains(Normalise(name));

    public static bool IsReference(string? name) => name is not null && Normalise(name) == Reference;

    internal static string Normalise(string name) => name.Trim().ToLowerInvariant();
}
