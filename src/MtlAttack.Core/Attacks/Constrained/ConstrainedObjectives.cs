using System.Globalization;
using System.Text.RegularExpressions;
using MtlAttack.Core.Attacks.Objectives;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Names of the constrained DGBA objectives, for <see cref="AttackCatalog"/>:
/// <c>dgba-protect(normal)</c>, <c>dgba-protect(normal,depth_zbuffer;budget=0.01)</c>, <c>dgba-floor(0.5)</c>,
/// <c>dgba-l0(1000)</c>; protect and floor also take <c>;k=K</c>, an L0 budget on top of their rows.
/// </summary>
public static partial class ConstrainedObjectives
{
    public const string ProtectSyntax = "dgba-protect(TASK[,TASK...][;budget=B][;k=K])";
    public const string FloorSyntax = "dgba-floor(RHO[;k=K])";
    public const string L0Syntax = "dgba-l0(K)";
    public static readonly IReadOnlyList<string> Names = [ProtectSyntax, FloorSyntax, L0Syntax];

    [GeneratedRegex(@"^dgba-protect\((?<tasks>[a-z0-9_]+(,[a-z0-9_]+)*)(?<options>(;[a-z]+=[^;()]*)*)\)$")]
    private static partial Regex ProtectPattern();

    [GeneratedRegex(@"^dgba-floor\((?<rho>[^;()]+)(?<options>(;[a-z]+=[^;()]*)*)\)$")]
    private static partial Regex FloorPattern();

    [GeneratedRegex(@"^dgba-l0\((?<k>[^;()]+)\)$")]
    private static partial Regex L0Pattern();

    /// <summary>
    /// The objective named <paramref name="name"/> (case and spaces ignored), or false when the name is not a
    /// constrained DGBA objective at all. A name of this family that is malformed, or names a task the model does not
    /// have, throws an <see cref="ArgumentException"/> saying what is wrong.
    /// </summary>
    /// <param name="stepSize">alpha, in pixel units, that the algorithm steps with (<see cref="AttackCatalog.StepSize"/>); only dgba-protect uses it.</param>
    public static bool TryParse(string name, IReadOnlyList<string> modelTasks, double stepSize, out AttackObjective? objective)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = string.Concat(name.Where(ch => !char.IsWhiteSpace(ch))).ToLowerInvariant();
        objective = null;
        if (!n.StartsWith("dgba-", StringComparison.Ordinal)) return false;

        if (ProtectPattern().Match(n) is { Success: true } protect)
        {
            var tasks = protect.Groups["tasks"].Value.Split(',');
            foreach (var task in tasks)
                if (!modelTasks.Contains(task))
                    throw new ArgumentException($"Objective '{name}' protects task '{task}', which the model does not have; it has {string.Join(", ", modelTasks)}.");
            if (tasks.Distinct().Count() >= modelTasks.Count)
                throw new ArgumentException($"Objective '{name}' protects every task of the model; leave at least one to attack.");
            var options = Options(name, protect.Groups["options"].Value, "budget", "k");
            double budget = options.TryGetValue("budget", out var b) ? Number(name, "budget", b) : DgbaProtectObjective.DefaultBudget;
            objective = new DgbaProtectObjective(tasks, budget, stepSize, MaxMoved(name, options));
            return true;
        }
        if (FloorPattern().Match(n) is { Success: true } floor)
        {
            var options = Options(name, floor.Groups["options"].Value, "k");
            double rho = Number(name, "rho", floor.Groups["rho"].Value);
            if (rho < 0 || rho > 1) throw new ArgumentException($"Objective '{name}': rho is a fraction of the average gain, in [0, 1].");
            objective = new DgbaFloorObjective(rho, MaxMoved(name, options));
            return true;
        }
        if (L0Pattern().Match(n) is { Success: true } l0)
        {
            objective = new DgbaL0Objective(Count(name, l0.Groups["k"].Value));
            return true;
        }
        if (n.StartsWith("dgba-protect", StringComparison.Ordinal) || n.StartsWith("dgba-floor", StringComparison.Ordinal) || n.StartsWith("dgba-l0", StringComparison.Ordinal))
            throw new ArgumentException($"Cannot read objective '{name}': use {string.Join(", ", Names)}.");
        return false;
    }

    private static Dictionary<string, string> Options(string name, string text, params string[] allowed)
    {
        var options = new Dictionary<string, string>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            if (!allowed.Contains(pair[0]))
                throw new ArgumentException($"Objective '{name}' has an unknown option '{pair[0]}'; it takes {string.Join(", ", allowed)}.");
            if (!options.TryAdd(pair[0], pair[1]))
                throw new ArgumentException($"Objective '{name}' sets '{pair[0]}' twice.");
        }
        return options;
    }

    private static int? MaxMoved(string name, Dictionary<string, string> options) =>
        options.TryGetValue("k", out var k) ? Count(name, k) : null;

    private static double Number(string name, string what, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentException($"Objective '{name}': {what} must be a finite number >= 0, not '{text}'.");

    private static int Count(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1
            ? k
            : throw new ArgumentException($"Objective '{name}': k, the number of coordinates that may move, must be a whole number >= 1, not '{text}'.");
}
