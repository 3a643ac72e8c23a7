namespace MtlAttack.Core;

/// <summary>
/// An exception's message as a user should read it, wherever it crosses to one (the CLI's one-line errors, the grains'
/// boundary, a SPEC's refusal): .NET's " (Parameter 'x')" suffix and the "Actual value was" line dropped, since Core's
/// messages already name the option and the value.
/// </summary>
public static class UserMessages
{
    public static string Of(Exception e) => e.Message.Split(" (Parameter", 2)[0].Split("\nActual value was", 2)[0].Trim();
}
