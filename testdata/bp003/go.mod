module example.com/bp003

go 1.26.0
