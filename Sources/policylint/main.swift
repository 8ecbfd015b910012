print("policylint")
