using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Core.Tests.Datasets.Synthetic;

public class KeypointAndEdgeTests
{
    private const int Size = 128;

    [Fact]
    public void HeatMapPeaksAtTheProjectedCornersThatFaceTheCamera()
    {
        const double pitch = 0.3;
        var box = new BoxPrimitive(SceneGenerator.FirstObjectId, FixedScene.Grey, new Vec3(0.2, 0.4, 3.5), new Vec3(0.5, 0.4, 0.35), yaw: 0.4);
        var scene = FixedScene.Build(pitch, [box]);
        var frame = SceneRenderer.Render(scene, Size);
        double sigma = SceneRenderer.KeypointSigma(Size);

        // A corner of a lone convex box is visible exactly when one of its three faces turns towards the camera.
        var expectedVisible = new List<(double U, double V)>();
        var hidden = new List<(double U, double V)>();
        for (int corner = 0; corner < 8; corner++)
        {
            var signs = new Vec3((corner & 1) == 0 ? -1 : 1, (corner & 2) == 0 ? -1 : 1, (corner & 4) == 0 ? -1 : 1);
            var local = new Vec3(signs.X * box.HalfExtents.X, signs.Y * box.HalfExtents.Y, signs.Z * box.HalfExtents.Z);
            var world = box.Center + local.RotateY(box.Yaw);
            bool facesCamera = Enumerable.Range(0, 3).Any(axis =>
                Vec3.Axis(axis, signs[axis]).RotateY(box.Yaw).Dot(world - scene.Camera.Position) < 0);
            var (u, v, _) = scene.Camera.Project(world, Size);
            (facesCamera ? expectedVisible : hidden).Add((u, v));
        }
        Assert.Equal(7, expectedVisible.Count); // seen from above and in front, only the far bottom corner hides

        Assert.Equal(expectedVisible.Count, frame.VisibleKeypoints.Count);
        foreach (var (u, v) in expectedVisible)
        {
            Assert.Contains(frame.VisibleKeypoints, k => Math.Abs(k.U - u) < 1e-9 && Math.Abs(k.V - v) < 1e-9);
            int row = (int)v, col = (int)u;
            float peak = frame.Keypoints[row * Size + col];
            Assert.True(peak >= Math.Exp(-0.5 / (2 * sigma * sigma)) - 1e-6, $"heat {peak} at the corner ({u:F2}, {v:F2})");
            for (int dr = -1; dr <= 1; dr++)
                for (int dc = -1; dc <= 1; dc++)
                    Assert.True(frame.Keypoints[(row + dr) * Size + col + dc] <= peak, $"heat peaks away from the corner ({u:F2}, {v:F2})");
        }
        foreach (var (u, v) in hidden)
            Assert.True(frame.Keypoints[(int)v * Size + (int)u] < 0.5, $"hidden corner ({u:F2}, {v:F2}) is marked");
    }

    [Fact]
    public void HeatMapIsZeroFarFromKeypointsAndOneAtMostAtThem()
    {
        var frame = SceneRenderer.Render(SceneGenerator.Generate(3, "train", 0), Size);
        double reach = 4 * SceneRenderer.KeypointSigma(Size) + 2;
        for (int row = 0; row < Size; row++)
        {
            for (int col = 0; col < Size; col++)
            {
                float heat = frame.Keypoints[row * Size + col];
                Assert.InRange(heat, 0f, 1f);
                bool near = frame.VisibleKeypoints.Any(k => Math.Abs(k.U - col - 0.5) <= reach && Math.Abs(k.V - row - 0.5) <= reach);
                if (!near) Assert.Equal(0f, heat);
            }
        }
    }

    [Fact]
    public void CylinderRimPointsInFrontAreKeypoints()
    {
        var cylinder = new CylinderPrimitive(SceneGenerator.FirstObjectId, FixedScene.Grey, new Vec3(0, 0, 3), 0.4, 0.8, spin: 0);
        var frame = SceneRenderer.Render(FixedScene.Build(0.3, [cylinder]), Size);
        // From above (camera at 1.5 m, top at 0.8 m) the whole top rim is in view.
        Assert.Equal(4, frame.VisibleKeypoints.Count);
    }

    [Fact]
    public void WithoutTexturesEdgesOutlineEverySurfaceChangeOnItsNearerSide()
    {
        var objects = new Primitive[]
        {
            new BoxPrimitive(6, FixedScene.Grey, new Vec3(-0.8, 0.4, 4), new Vec3(0.4, 0.4, 0.5), yaw: 0.6),
            new BoxPrimitive(7, FixedScene.Grey, new Vec3(0.9, 0.3, 3), new Vec3(0.3, 0.3, 0.3), yaw: 0.2),
        };
        var frame = SceneRenderer.Render(FixedScene.Build(0.25, objects), Size);
        int plane = Size * Size;
        var expected = new float[plane];
        // Without texture, two neighbours show different surfaces exactly when class or (flat-face) normal differs.
        bool Differs(int a, int b) =>
            frame.Segmentation[a] != frame.Segmentation[b]
            || Enumerable.Range(0, 3).Any(c => Math.Abs(frame.Normals[c * plane + a] - frame.Normals[c * plane + b]) > 1e-4);
        void Mark(int a, int b)
        {
            if (Differs(a, b)) expected[frame.Depth[a] < frame.Depth[b] || (frame.Depth[a] == frame.Depth[b] && a < b) ? a : b] = 1;
        }
        for (int row = 0; row < Size; row++)
        {
            for (int col = 0; col < Size; col++)
            {
                if (col < Size - 1) Mark(row * Size + col, row * Size + col + 1);
                if (row < Size - 1) Mark(row * Size + col, (row + 1) * Size + col);
            }
        }
        Assert.Equal(expected, frame.Edges);
        Assert.True(expected.Sum() > 100, $"expected room creases and box outlines, got {expected.Sum()} edge pixels");

        // Silhouettes sit on the object: the box pixel next to the wall behind it is the one marked.
        int centreRow = (int)FixedScene.Camera(0.25).Project(objects[1].BoundingSphere.Center, Size).V;
        int rightmostBox = Enumerable.Range(0, Size).Last(col => frame.Segmentation[centreRow * Size + col] == (float)SceneClass.Box);
        Assert.Equal(1f, frame.Edges[centreRow * Size + rightmostBox]);
        Assert.Equal(0f, frame.Edges[centreRow * Size + rightmostBox + 1]);
    }

    [Fact]
    public void FloorStripesMakeEdgesWhereThePaintFlips()
    {
        const double stripeWidth = 0.37, pitch = 0.5;
        var stripes = new Appearance(TextureKind.Stripes, new Rgb(0.9, 0.9, 0.9), new Rgb(0.2, 0.2, 0.2), stripeWidth, StripeAngle: 0, NoiseSeed: 0);
        var frame = SceneRenderer.Render(FixedScene.Build(pitch, floor: stripes), Size);

        // Reconstruct the floor's world x from depth: a level-yaw camera's x axis is world x.
        double focal = Size / 2.0 / Math.Tan(SceneGenerator.FieldOfView / 2);
        double StripeCoordinate(int row, int col) => frame.Depth[row * Size + col] * (col + 0.5 - Size / 2.0) / focal / stripeWidth;
        int checkedPixels = 0, stripeEdges = 0;
        for (int row = 1; row < Size - 1; row++)
        {
            for (int col = 1; col < Size - 1; col++)
            {
                int[] neighbours = [row * Size + col - 1, row * Size + col + 1, (row - 1) * Size + col, (row + 1) * Size + col];
                int pixel = row * Size + col;
                if (neighbours.Append(pixel).Any(p => frame.Segmentation[p] != (float)SceneClass.Floor)) continue;
                var coordinates = new[] { StripeCoordinate(row, col - 1), StripeCoordinate(row, col + 1), StripeCoordinate(row - 1, col), StripeCoordinate(row + 1, col), StripeCoordinate(row, col) };
                // Depth is float32: skip pixels whose stripe coordinate lies within rounding of a boundary.
                if (coordinates.Any(x => Math.Abs(x - Math.Round(x)) < 1e-4)) continue;
                checkedPixels++;
                // Of two neighbours on either side of a flip, the one showing the secondary colour (odd stripe) is marked.
                static long Stripe(double x) => (long)Math.Floor(x) & 1;
                long own = Stripe(coordinates[4]);
                bool marked = own == 1 && coordinates.Take(4).Any(x => Stripe(x) != own);
                Assert.Equal(marked ? 1f : 0f, frame.Edges[pixel]);
                if (marked) stripeEdges++;
            }
        }
        Assert.True(checkedPixels > Size * Size / 4, $"only {checkedPixels} floor pixels checked");
        Assert.True(stripeEdges > 50, $"expected stripe boundaries on the floor, got {stripeEdges} edge pixels");
    }
}
