namespace MtlAttack.Grains;

/// <summary>The name of the grain storage provider every MtlAttack grain keeps its state in.</summary>
public static class GrainStorage
{
    public const string Name = "mtlattack";
}
