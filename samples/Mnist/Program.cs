System.Console.WriteLine("ModelGen");
