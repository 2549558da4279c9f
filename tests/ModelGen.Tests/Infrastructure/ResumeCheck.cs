using ModelGen.Data;
using ModelGen.Optimizers;
using ModelGen.Serialization;
using ModelGen.Training;

namespace ModelGen.Tests.Infrastructure;

/// <summary>
/// A run resumed from a checkpoint after its first epoch must end where an unbroken run ends,
/// bit for bit: every parameter and every piece of state (Dropout's generator, BatchNorm's
/// running statistics). The resumed network starts from another seed, so only the checkpoint
/// can bring it back.
/// </summary>
public static class ResumeCheck
{
    public static void AssertResumeMatches(Func<int, ITrainableNetwork> create, Dataset data, int epochs, float learningRate)
    {
        var straight = create(1);
        var straightTrainer = new Trainer(straight, new Adam(learningRate), seed: 3);
        for (int e = 0; e < epochs; e++) straightTrainer.RunEpoch(data);

        string path = Path.Combine(Path.GetTempPath(), $"modelgen-resume-{Guid.NewGuid():N}.npz");
        try
        {
            var first = create(1);
            var firstAdam = new Adam(learningRate);
            var firstTrainer = new Trainer(first, firstAdam, seed: 3);
            firstTrainer.RunEpoch(data);
            Checkpoint.Save(path, first, firstAdam, firstTrainer.Epoch);

            var resumed = create(99);
            var resumedAdam = new Adam(learningRate);
            var resumedTrainer = new Trainer(resumed, resumedAdam, seed: 3) { Epoch = Checkpoint.Load(path, resumed, resumedAdam) };
            while (resumedTrainer.Epoch < epochs) resumedTrainer.RunEpoch(data);
            for (int p = 0; p < straight.Parameters.Count; p++) Assert.Equal(straight.Parameters[p].Value, resumed.Parameters[p].Value);
            for (int s = 0; s < straight.State.Count; s++) Assert.Equal(straight.State[s].Read(), resumed.State[s].Read());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
