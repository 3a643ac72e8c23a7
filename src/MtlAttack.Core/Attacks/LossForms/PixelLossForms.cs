namespace MtlAttack.Core.Attacks.LossForms;

/// <summary>The per-pixel loss forms by the names written in an objective's brackets.</summary>
public static class PixelLossForms
{
    public static readonly IReadOnlyList<PixelLossForm> All = [new SegPgdForm(), new CosPgdForm()];

    public static IReadOnlyList<string> Names => All.Select(f => f.Name).ToList();

    /// <summary>The form called <paramref name="name"/>; an unknown name is an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static PixelLossForm Named(string name, string objective) =>
        All.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"Objective '{objective}' asks for loss form '{name}', which does not exist: write [{string.Join("] or [", Names)}] after the objective, e.g. dgba[cospgd].");
}
