namespace MtlAttack.Cli;

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed that the user's input did not predict (I/O, corrupt data, a bug).</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: a bad option, value or dataset spec. Fix the input and retry.</summary>
    public const int Usage = 2;
}
