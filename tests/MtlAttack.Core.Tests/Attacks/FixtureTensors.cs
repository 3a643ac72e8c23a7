using System.Text.Json;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>
/// Reads the JSON the committed Python scripts under tests/fixtures/attacks write (copied to the test output; tests never
/// run Python): a tensor is <c>{"shape": [...], "data": [...]}</c>, read as float64.
/// </summary>
internal static class FixtureTensors
{
    public static JsonElement Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "attacks", fileName);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static Tensor Read(JsonElement element)
    {
        var shape = element.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var data = element.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return tensor(data, dtype: ScalarType.Float64).reshape(shape);
    }

    public static double[] Doubles(JsonElement element) => element.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static int[] Ints(JsonElement element) => element.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>The indices of the fixture's <c>cases</c>, for a theory over them.</summary>
    public static TheoryData<int> CaseIndices(JsonElement fixture)
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < fixture.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    /// <summary>Fails, naming <paramref name="what"/> and the gap, unless the two have one shape and differ by at most <paramref name="tolerance"/> anywhere.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var gap = (expected - actual.to_type(ScalarType.Float64)).abs().max();
        double largest = gap.item<double>();
        Assert.True(largest <= tolerance, $"{what} differs from the reference script by {largest:G3}.");
    }
}
