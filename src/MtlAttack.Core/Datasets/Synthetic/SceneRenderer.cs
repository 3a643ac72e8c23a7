namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// Ray casts a <see cref="Scene"/> with one ray through every pixel centre and reads all targets off the same
/// hits, so image and ground truth agree exactly. Rows are independent, so rendering them in parallel gives
/// the same bytes as rendering them in order.
/// </summary>
internal static class SceneRenderer
{
    /// <summary>Below this size the per-row work is too small to pay for thread hand-offs.</summary>
    private const int ParallelFromSize = 96;

    /// <summary>Shadow rays start and stop this fraction of the way short of their ends, so a surface does not shadow itself.</summary>
    private const double ShadowEpsilon = 1e-4;

    /// <summary>A keypoint counts as visible when nothing is hit more than this relative distance in front of it.</summary>
    private const double VisibilityTolerance = 1e-6;

    /// <summary>Gaussian blob width in pixels: 1.5 px at 64 x 64, growing with the image.</summary>
    public static double KeypointSigma(int size) => Math.Max(1.0, 1.5 * size / 64.0);

    public static RenderedScene Render(Scene scene, int size)
    {
        var frame = new RenderedScene(size);
        var surfaceKeys = new int[size * size];
        var patternLabels = new int[size * size];

        if (size >= ParallelFromSize)
            Parallel.For(0, size, row => RenderRow(scene, frame, surfaceKeys, patternLabels, row));
        else
            for (int row = 0; row < size; row++) RenderRow(scene, frame, surfaceKeys, patternLabels, row);

        MarkEdges(frame, surfaceKeys, patternLabels);
        DrawKeypoints(scene, frame);
        return frame;
    }

    private static void RenderRow(Scene scene, RenderedScene frame, int[] surfaceKeys, int[] patternLabels, int row)
    {
        int size = frame.Size, plane = size * size;
        var camera = scene.Camera;
        float[] image = frame.Image, segmentation = frame.Segmentation, depth = frame.Depth, normals = frame.Normals;
        for (int col = 0; col < size; col++)
        {
            int pixel = row * size + col;
            var ray = new Ray(camera.Position, camera.RayDirection(col + 0.5, row + 0.5, size));
            var primitive = scene.Cast(ray, out double t)
                ?? throw new InvalidOperationException($"Ray through pixel ({row}, {col}) left the room; the room must enclose the camera.");
            var point = ray.At(t);
            var hit = primitive.Describe(point);

            var normal = hit.Normal.Dot(ray.Direction) > 0 ? -hit.Normal : hit.Normal;
            var appearance = primitive.Appearance;
            int pattern = appearance.PatternLabel(hit.U, hit.V);
            var albedo = pattern == 0 ? appearance.Primary : appearance.Secondary;
            double shade = Shade(scene, point, normal);

            // Channel order B, G, R: the dataset follows the NYUv2 (Caffe) convention.
            image[pixel] = ToPixel(albedo.B * shade);
            image[plane + pixel] = ToPixel(albedo.G * shade);
            image[2 * plane + pixel] = ToPixel(albedo.R * shade);

            segmentation[pixel] = (int)primitive.Class;
            // The ray direction's forward component is 1, so the ray parameter is the camera-frame z.
            depth[pixel] = (float)t;
            normals[pixel] = (float)normal.Dot(camera.Right);
            normals[plane + pixel] = (float)normal.Dot(camera.Up);
            normals[2 * plane + pixel] = (float)normal.Dot(camera.Forward);

            surfaceKeys[pixel] = primitive.Id * 8 + hit.Face;
            patternLabels[pixel] = pattern;
        }
    }

    /// <summary>Lambert shading with ambient light, distance falloff and a hard shadow.</summary>
    private static double Shade(Scene scene, Vec3 point, Vec3 normal)
    {
        var light = scene.LightPosition;
        var toLight = new Vec3(light.X - point.X, light.Y - point.Y, light.Z - point.Z);
        double distanceSquared = toLight.X * toLight.X + toLight.Y * toLight.Y + toLight.Z * toLight.Z;
        double cosine = (normal.X * toLight.X + normal.Y * toLight.Y + normal.Z * toLight.Z) / Math.Sqrt(distanceSquared);
        double direct = 0;
        if (cosine > 0 && !(scene.CastShadows && scene.IsBlockedByObject(new Ray(point, toLight), ShadowEpsilon, 1 - ShadowEpsilon)))
            direct = scene.LightStrength * cosine / (1 + Scene.LightFalloff * distanceSquared);
        return scene.Ambient + direct;
    }

    private static float ToPixel(double intensity) =>
        intensity >= 1 ? 255f : intensity <= 0 ? 0f : (float)Math.Round(intensity * 255);

    /// <summary>
    /// Edges are one pixel wide. Wherever two 4-neighbours differ, exactly one of them is marked: across a
    /// surface change (silhouette, occlusion, crease) the nearer pixel, so an outline sits on the occluding
    /// object; across a pattern flip on one surface the pixel showing the secondary colour. Every primitive is
    /// convex or planar, so depth never jumps inside one surface and surface changes cover all depth edges.
    /// </summary>
    private static void MarkEdges(RenderedScene frame, int[] surfaceKeys, int[] patternLabels)
    {
        int size = frame.Size;
        float[] depth = frame.Depth, edges = frame.Edges;
        void Compare(int a, int b)
        {
            int marked;
            if (surfaceKeys[a] != surfaceKeys[b]) marked = depth[a] < depth[b] || (depth[a] == depth[b] && a < b) ? a : b;
            else if (patternLabels[a] != patternLabels[b]) marked = patternLabels[a] == 1 ? a : b;
            else return;
            edges[marked] = 1f;
        }
        for (int row = 0; row < size; row++)
        {
            for (int col = 0; col < size; col++)
            {
                int pixel = row * size + col;
                if (col < size - 1) Compare(pixel, pixel + 1);
                if (row < size - 1) Compare(pixel, pixel + size);
            }
        }
    }

    /// <summary>Gaussian blobs (peak 1) at the projections of the keypoints that the camera sees; overlapping blobs take the maximum.</summary>
    private static void DrawKeypoints(Scene scene, RenderedScene frame)
    {
        int size = frame.Size;
        double sigma = KeypointSigma(size);
        int radius = (int)Math.Ceiling(4 * sigma);
        foreach (var primitive in scene.Primitives)
        {
            foreach (var point in primitive.Keypoints)
            {
                var (u, v, depth) = scene.Camera.Project(point, size);
                if (depth <= 0 || u < 0 || u >= size || v < 0 || v >= size) continue;
                var ray = new Ray(scene.Camera.Position, (point - scene.Camera.Position) / depth);
                if (scene.IsBlockedByObject(ray, 0, depth * (1 - VisibilityTolerance))) continue;
                frame.VisibleKeypoints.Add((u, v));

                int centerCol = (int)u, centerRow = (int)v;
                for (int row = Math.Max(0, centerRow - radius); row <= Math.Min(size - 1, centerRow + radius); row++)
                {
                    for (int col = Math.Max(0, centerCol - radius); col <= Math.Min(size - 1, centerCol + radius); col++)
                    {
                        double du = col + 0.5 - u, dv = row + 0.5 - v;
                        float value = (float)Math.Exp(-(du * du + dv * dv) / (2 * sigma * sigma));
                        int pixel = row * size + col;
                        if (value > frame.Keypoints[pixel]) frame.Keypoints[pixel] = value;
                    }
                }
            }
        }
    }
}
