namespace MtlAttack.Cli;

/// <summary>The user asked for something that cannot work as written; the message says what to change. Exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Core's refusal of the user's input, in its own words (<see cref="Core.UserMessages"/>).</summary>
    public static UsageException From(Exception refusal) => new(Core.UserMessages.Of(refusal), refusal);

    /// <summary>Runs <paramref name="work"/>; Core refusing the input (an <see cref="ArgumentException"/>) becomes <see cref="From"/>'s usage error.</summary>
    public static T Guard<T>(Func<T> work)
    {
        try { return work(); }
        catch (ArgumentException e) { throw From(e); }
    }

    public static void Guard(Action work) => Guard(() =>
    {
        work();
        return true;
    });

    /// <summary>Runs <paramref name="load"/>; a model folder Core refuses (<see cref="Core.Models.ModelRefusedException"/>) becomes a usage error with Core's message.</summary>
    public static T Refused<T>(Func<T> load)
    {
        try { return load(); }
        catch (Core.Models.ModelRefusedException e) { throw new UsageException(e.Message, e); }
    }

    /// <summary>As <see cref="Guard{T}(Func{T})"/>, the refusal's whole message after <paramref name="prefix"/> (e.g. the option at fault).</summary>
    public static T Guard<T>(Func<T> work, string prefix)
    {
        try { return work(); }
        catch (ArgumentException e) { throw new UsageException(prefix + e.Message, e); }
    }
}
