using ModelGen.Data;
using ModelGen.Training;
using Spectre.Console;

namespace ModelGen.Samples;

/// <summary>Runs training epochs under a progress bar that shows the running loss.</summary>
public static class TrainingProgress
{
    /// <summary>
    /// One epoch with a progress bar on a terminal; where output is redirected (a log, a pipe),
    /// no bar, only the caller's line per epoch. Returns the mean loss.
    /// </summary>
    public static double RunEpoch(IAnsiConsole console, Trainer trainer, Dataset train, int totalEpochs)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(trainer);
        if (!console.Profile.Capabilities.Interactive) return trainer.RunEpoch(train);
        double loss = 0;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"epoch {trainer.Epoch + 1}/{totalEpochs}", maxValue: trainer.StepsPerEpoch(train.Count));
                double recent = 0;
                // One delegate for the whole epoch: the loop itself stays allocation-free.
                Action<int, int, float> onStep = (step, steps, stepLoss) =>
                {
                    recent = step == 1 ? stepLoss : 0.98 * recent + 0.02 * stepLoss;
                    if (step % 10 == 0 || step == steps)
                    {
                        task.Value = step;
                        task.Description = $"epoch {trainer.Epoch + 1}/{totalEpochs}  loss {recent:F4}";
                    }
                };
                loss = trainer.RunEpoch(train, onStep);
            });
        return loss;
    }
}
