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
}
